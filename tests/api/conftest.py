import pytest


@pytest.fixture
def api_pages():
    """Every item of a paginated API list, following «next» from the first page."""

    def fetch(client, url, params=None):
        items = []
        response = client.get(url, params or {})
        while True:
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            items += body["results"]
            if body["next"] is None:
                return body["count"], items
            response = client.get(body["next"])

    return fetch
