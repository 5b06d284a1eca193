from .roles import Role, has_role


def roles(request):
    return {"is_trainer": has_role(request.user, Role.TRAINER)}
