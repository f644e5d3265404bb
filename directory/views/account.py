"""Accounts: sign up, confirm, log in and out, reset a password, change it, delete it.

Forms that could tell a stranger whether an address has an account (sign-up, forgotten
password, resending a confirmation) answer the same either way; the address's owner
hears the rest by mail.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from .. import accounts
from ..auth import safe_next
from ..extensions import limiter
from ..models import Role, User
from .fields import options

bp = Blueprint("account", __name__, url_prefix="/account")


def _auth_limit() -> str:
    return current_app.config["AUTH_RATE_LIMIT"]


# -- forms -----------------------------------------------------------------------------------


def _email_check(form, field) -> None:
    field.data = accounts.normalise_email(field.data)
    problem = accounts.email_problem(field.data)
    if problem:
        raise ValidationError(problem)


class NewPassword:
    """A new password: length and the common-password list (no composition rules)."""

    def __init__(self, email_field: str | None = None):
        self.email_field = email_field

    def __call__(self, form, field) -> None:
        email = ""
        if self.email_field:
            email = getattr(form, self.email_field).data or ""
        elif current_user.is_authenticated:
            email = current_user.email
        problem = accounts.password_problem(field.data or "", email)
        if problem:
            raise ValidationError(problem)


_EMAIL_FIELD = dict(
    validators=[DataRequired("Enter your email address."), Length(max=2000), _email_check]
)
# Checked before any hashing, so a 100 KB "password" costs nothing.
_PASSWORD_LENGTH = Length(
    max=accounts.PASSWORD_MAX, message="Passwords have at most 256 characters."
)


class SignupForm(FlaskForm):
    """Create an account as a therapist or as a client."""

    email = StringField("Email address", **_EMAIL_FIELD)
    password = PasswordField(
        "Password",
        description="At least 8 characters. A few unrelated words make a strong one.",
        validators=[InputRequired("Choose a password."), _PASSWORD_LENGTH, NewPassword("email")],
    )
    role = RadioField(
        "I am",
        choices=options(
            [
                (Role.CLIENT.value, "looking for a therapist"),
                (Role.THERAPIST.value, "a therapist who wants to be listed"),
            ]
        ),
        invalid_choice_message="Choose one of the two kinds of account.",
        default=Role.CLIENT.value,
        validators=[InputRequired("Choose what kind of account you want.")],
    )


class LoginForm(FlaskForm):
    """Email and password."""

    email = StringField("Email address", **_EMAIL_FIELD)
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), _PASSWORD_LENGTH]
    )


class EmailForm(FlaskForm):
    """Just an address: forgotten password, or a new confirmation link."""

    email = StringField("Email address", **_EMAIL_FIELD)


class ResetForm(FlaskForm):
    """A new password from a reset link."""

    password = PasswordField(
        "New password",
        description="At least 8 characters.",
        validators=[InputRequired("Choose a password."), _PASSWORD_LENGTH],
    )


class ChangePasswordForm(FlaskForm):
    """A new password, proven by the current one."""

    current = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), _PASSWORD_LENGTH],
    )
    password = PasswordField(
        "New password",
        description="At least 8 characters.",
        validators=[InputRequired("Choose a password."), _PASSWORD_LENGTH, NewPassword()],
    )


class DeleteForm(FlaskForm):
    """Deleting an account: the password, and a tick to say it is meant."""

    password = PasswordField(
        "Your password", validators=[InputRequired("Enter your password."), _PASSWORD_LENGTH]
    )
    confirm = BooleanField(
        "Yes, delete my account and everything in it",
        validators=[DataRequired("Tick the box to confirm.")],
    )


# -- helpers ---------------------------------------------------------------------------------


def landing_page(user: User) -> str:
    """Where a person goes after logging in, when no page asked for them."""
    if user.role == Role.THERAPIST:
        return url_for("manage.overview")
    if user.role == Role.ADMIN:
        for endpoint in ("admin.dashboard", "admin.queue", "admin.index"):
            if endpoint in current_app.view_functions:
                return url_for(endpoint)
    return url_for("account.overview")


def _check_email_page(email: str, what: str):
    return render_template("account/check_email.html", email=email, what=what)


# -- sign up and confirm ---------------------------------------------------------------------


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def signup():
    """Create an account; a confirmation link is mailed before it can be used."""
    if current_user.is_authenticated:
        return redirect(landing_page(current_user))
    form = SignupForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/signup.html", form=form), status
    try:
        user = accounts.create_user(form.email.data, form.password.data, form.role.data)
    except accounts.EmailTaken:
        existing = accounts.find_user(form.email.data)
        accounts.send_signup_attempt_notice(existing)
    else:
        accounts.send_confirmation(user)
    return _check_email_page(form.email.data, "confirm")


@bp.get("/confirm/<token>")
@limiter.limit(_auth_limit)
def confirm_email(token: str):
    """Open a confirmation link: the address is confirmed, the link is spent."""
    found = accounts.confirm_email(token[:1000])
    if isinstance(found, accounts.LinkProblem):
        form = EmailForm()
        return (
            render_template("account/link_problem.html", problem=found, form=form, what="confirm"),
            400,
        )
    flash("Your email address is confirmed. You can log in now.", "success")
    return redirect(url_for("account.login"))


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def resend_confirmation():
    """Ask for a new confirmation link."""
    form = EmailForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/resend.html", form=form), status
    user = accounts.find_user(form.email.data)
    if user is not None and not user.is_confirmed and user.is_active:
        accounts.send_confirmation(user)
    return _check_email_page(form.email.data, "confirm")


# -- log in and out --------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def login():
    """Log in with email and password; `next` may only point inside the site."""
    next_page = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_page or landing_page(current_user))
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/login.html", form=form), status
    user = accounts.authenticate(form.email.data, form.password.data)
    problem = None
    if user is None:
        problem = "That email address and password don't match an account. Check both, or set a new password."  # noqa: E501
    elif not user.is_active:
        problem = "This account has been disabled. Please contact the site's administrators."
    elif not user.is_confirmed:
        accounts.send_confirmation(user)
        problem = (
            "Please confirm your email address first: we've just sent you a new link. "
            "Open it, then log in."
        )
    if problem:
        form.form_errors.append(problem)
        return render_template("account/login.html", form=form), 400
    accounts.log_in(user)
    return redirect(next_page or landing_page(user))


@bp.post("/logout")
def logout():
    """Log out: this session, and every copy of its cookie, stops working."""
    accounts.log_out(current_user if current_user.is_authenticated else None)
    flash("You have logged out.", "success")
    return redirect(url_for("public.home"))


# -- forgotten password ----------------------------------------------------------------------


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def forgot_password():
    """Ask for a password-reset link (the answer is the same for unknown addresses)."""
    form = EmailForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/forgot.html", form=form), status
    user = accounts.find_user(form.email.data)
    if user is not None and user.is_active:
        accounts.send_reset(user)
    return _check_email_page(form.email.data, "reset")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a reset link; the link works once, for an hour."""
    found = accounts.user_for_reset(token[:1000])
    if isinstance(found, accounts.LinkProblem) or not found.is_active:
        problem = found if isinstance(found, accounts.LinkProblem) else accounts.LinkProblem.INVALID
        return (
            render_template(
                "account/link_problem.html", problem=problem, form=EmailForm(), what="reset"
            ),
            400,
        )
    form = ResetForm()
    if form.validate_on_submit():
        problem = accounts.password_problem(form.password.data, found.email)
        if problem is None:
            accounts.reset_password(found, form.password.data)
            if current_user.is_authenticated:
                accounts.log_out(None)
            flash("Your new password is set. Log in with it now.", "success")
            return redirect(url_for("account.login"))
        form.password.errors.append(problem)
    status = 400 if form.is_submitted() else 200
    return render_template("account/reset.html", form=form, user=found), status


# -- pages behind login ----------------------------------------------------------------------


@bp.get("/")
@login_required
def overview():
    """The account page: address, kind of account, and what can be done with it."""
    return render_template("account/overview.html", admin_url=_admin_url())


def _admin_url() -> str | None:
    if current_user.role != Role.ADMIN:
        return None
    page = landing_page(current_user)
    return None if page == url_for("account.overview") else page


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(_auth_limit, methods=["POST"])
def change_password():
    """Change the password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if accounts.authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append("That isn't your current password.")
        else:
            accounts.change_password(current_user, form.password.data)
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("account.overview"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/password.html", form=form), status


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(_auth_limit, methods=["POST"])
def delete_account():
    """Delete the account and its profile for good; the profile leaves search at once."""
    form = DeleteForm()
    blocked = accounts.is_last_admin(current_user)
    if form.validate_on_submit() and not blocked:
        if accounts.authenticate(current_user.email, form.password.data) is None:
            form.password.errors.append("That isn't your password.")
        else:
            accounts.delete_account(current_user)
            accounts.log_out(None)
            flash("Your account and everything in it have been deleted.", "success")
            return redirect(url_for("public.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("account/delete.html", form=form, blocked=blocked), status
