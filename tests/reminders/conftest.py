import pytest

from places.models import Village


@pytest.fixture
def village(commune):
    return Village.objects.create(commune=commune, name="Bản Phăng")
