from weiquan.privacy.models import PersonalDataAccess


def personal_data_access_log(*, viewer, subject, fields: list[str], purpose: str) -> None:
    PersonalDataAccess.objects.create(viewer=viewer, subject=subject, fields=fields, purpose=purpose[:200])
