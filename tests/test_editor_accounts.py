"""Editors' accounts: two-factor login when required, recovery codes, login throttling, password rules, idle expiry."""

import os
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
LOGIN = "two_factor:login"
STEP = "login_view-current_step"


@pytest.fixture
def two_factor_required(settings):
    settings.NEWSROOM_REQUIRE_2FA = True


@pytest.fixture
def enrolled_editor(db):
    editor = UserFactory(username="enrolled", role="Editor")
    device = TOTPDevice.objects.create(user=editor, name="default", confirmed=True)
    backup = StaticDevice.objects.create(user=editor, name="backup")
    backup.token_set.create(token="recover123")
    return editor, device


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def password_step(client, username: str, password: str = PASSWORD):
    return client.post(
        reverse(LOGIN), {STEP: "auth", "auth-username": username, "auth-password": password}, REMOTE_ADDR="10.0.0.7"
    )


def can_see_admin(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_an_editor_without_a_second_factor_is_sent_to_enrol_not_locked_out(client, two_factor_required):
    UserFactory(username="new", role="Editor")

    password_step(client, "new")
    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")
    assert client.get(reverse("two_factor:setup")).status_code == 200


def test_a_password_alone_does_not_let_an_enrolled_editor_in(client, two_factor_required, enrolled_editor):
    response = password_step(client, "enrolled")

    assert response.status_code == 200 and 'name="token-otp_token"' in response.text
    assert not can_see_admin(client)


def test_a_session_not_verified_with_the_device_is_sent_back_to_log_in(client, two_factor_required, enrolled_editor):
    client.force_login(enrolled_editor[0])  # a session from before the setting was on

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302 and response["Location"].startswith(reverse(LOGIN))


def test_a_valid_authenticator_token_lets_the_editor_in(client, two_factor_required, enrolled_editor):
    password_step(client, "enrolled")

    response = client.post(reverse(LOGIN), {STEP: "token", "token-otp_token": current_token(enrolled_editor[1])})

    assert response.status_code == 302
    assert can_see_admin(client)


def test_a_wrong_token_is_refused(client, two_factor_required, enrolled_editor):
    password_step(client, "enrolled")
    wrong = f"{(int(current_token(enrolled_editor[1])) + 1) % 1_000_000:06d}"

    response = client.post(reverse(LOGIN), {STEP: "token", "token-otp_token": wrong})

    assert response.status_code == 200 and not can_see_admin(client)


def test_a_recovery_code_works_once(client, two_factor_required, enrolled_editor):
    password_step(client, "enrolled")
    client.post(reverse(LOGIN), {STEP: "backup", "backup-otp_token": "recover123"})
    assert can_see_admin(client)

    client.post(reverse("admin:logout"))
    password_step(client, "enrolled")
    again = client.post(reverse(LOGIN), {STEP: "backup", "backup-otp_token": "recover123"})

    assert again.status_code == 200 and not can_see_admin(client)


def test_the_admins_own_login_page_sends_people_to_the_two_factor_one(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/articles/"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse(LOGIN)}?next=/admin/articles/"


def test_without_the_setting_a_password_is_enough(client):
    UserFactory(username="plain", role="Editor")

    password_step(client, "plain")

    assert can_see_admin(client)


def test_repeated_wrong_passwords_lock_that_username_out_from_that_address(client, settings):
    UserFactory(username="target", role="Editor")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_step(client, "target", "guess").status_code == 200

    locked = password_step(client, "target", "guess")
    still_locked = password_step(client, "target", PASSWORD)  # even the right password, until the cool-off

    assert locked.status_code == 429 and "Too many failed logins" in locked.text
    assert "blocked for 15 minutes after 5 wrong passwords" in " ".join(locked.text.split())
    assert still_locked.status_code == 429 and not can_see_admin(client)
    other_address = client.post(
        reverse(LOGIN), {STEP: "auth", "auth-username": "target", "auth-password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert other_address.status_code == 302  # username and address together: the editor's own desk still works


def test_weak_passwords_are_refused_by_the_validators():
    user = UserFactory(username="jane.editor")

    for weak in ["password", "12345678", "jane.editor1", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password(PASSWORD, user)


def test_the_admin_refuses_a_weak_password_for_a_new_account(client):
    admin = UserFactory(username="boss", is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newbie", "password1": "password", "password2": "password", "usable_password": "true"},
    )

    assert response.status_code == 200 and "This password is too common" in response.text


def test_the_idle_time_comes_from_the_environment_and_every_request_counts():
    assert int(os.environ["SESSION_IDLE_MINUTES"]) * 60 == django_settings.SESSION_COOKIE_AGE
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True  # each request pushes the expiry back: idle, not total


def test_a_session_left_idle_longer_than_the_setting_has_to_log_in_again(client, settings, time_machine):
    settings.SESSION_COOKIE_AGE = 30 * 60
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(UserFactory(username="busy", role="Editor"))

    time_machine.shift(timedelta(minutes=25))
    assert can_see_admin(client)
    time_machine.shift(timedelta(minutes=25))  # 50 minutes since login, 25 since the last request
    assert can_see_admin(client)
    time_machine.shift(timedelta(minutes=31))

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
