from .roles import Role, has_role


def roles(request):
    user = request.user
    return {
        "is_trainer": has_role(user, Role.TRAINER),
        "sees_households": any(
            has_role(user, role)
            for role in (Role.COMMUNE_OFFICIAL, Role.TRAINER, Role.PROVINCE_ADMIN)
        ),
        "is_ambassador": has_role(user, Role.AMBASSADOR),
    }
