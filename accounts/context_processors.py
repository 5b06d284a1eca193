from .roles import COVERAGE_VIEWERS, Role, has_role


def roles(request):
    user = request.user
    return {
        "is_trainer": has_role(user, Role.TRAINER),
        "sees_households": any(has_role(user, role) for role in COVERAGE_VIEWERS),
        "is_ambassador": has_role(user, Role.AMBASSADOR),
        "is_voice_contributor": has_role(user, Role.VOICE_CONTRIBUTOR),
    }
