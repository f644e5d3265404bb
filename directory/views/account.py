"""Accounts: sign up, confirm, log in and out, reset a password, change it, delete it.

Forms that could tell a stranger whether an address has an account (sign-up, forgotten
password, resending a confirmation) answer the same either way; the address's owner
hears the rest by mail.

Links in mail carry their token after `#`, so it reaches no log: the page a link opens
posts the token (site.js fills the form and sends it; without JavaScript the person
pastes the link into it). A reset token then waits in the session while the person
chooses a password, and the address bar never holds it.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from .. import accounts, outcomes
from ..auth import safe_next
from ..extensions import limiter
from ..models import Role, User
from .fields import options

bp = Blueprint("account", __name__, url_prefix="/account")


def _auth_limit() -> str:
    return current_app.config["AUTH_RATE_LIMIT"]


@bp.context_processor
def _mail_limit() -> dict:
    # Pages that lead to mail say how much one address can receive.
    return {"mail_limit": accounts.mail_limit_words()}


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


class LinkForm(FlaskForm):
    """The token from a mailed link: filled in by site.js, or pasted by the person."""

    link = TextAreaField(
        "The link from your email",
        description="Copy the whole link from the message we sent you, and paste it here.",
        validators=[DataRequired("Paste the link from your email."), Length(max=4000)],
    )


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
    accounts.sign_up(form.email.data, form.password.data, form.role.data)
    return _check_email_page(form.email.data, "confirm")


_TOKEN = re.compile(r"[A-Za-z0-9_.\-]{1,1000}", re.ASCII)


def _link_problem(problem: accounts.LinkProblem, what: str):
    return (
        render_template("account/link_problem.html", problem=problem, form=EmailForm(), what=what),
        400,
    )


def _from_old_link(token: str, endpoint: str, what: str):
    # Links mailed before tokens moved behind `#`: hand the token to the new page the
    # same way, so a link already in someone's inbox keeps working.
    if not _TOKEN.fullmatch(token):
        return _link_problem(accounts.LinkProblem.INVALID, what)
    return redirect(f"{url_for(endpoint)}#{token}", 303)


@bp.get("/confirm/<token>")
def confirm_email_old_link(token: str):
    """A confirmation link in the old shape (token in the path)."""
    return _from_old_link(token, "account.confirm_email", "confirm")


@bp.route("/confirm-email", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def confirm_email():
    """Open a confirmation link: the address is confirmed, the link is spent."""
    form = LinkForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/open_link.html", form=form, what="confirm"), status
    found = accounts.confirm_email(accounts.token_from_link(form.link.data))
    if isinstance(found, accounts.LinkProblem):
        return _link_problem(found, "confirm")
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
    if not accounts.password_tries_left(form.email.data):
        # Guesses from many addresses at one account: the owner can still set a new password.
        form.form_errors.append(
            "Too many wrong passwords for this account: wait "
            f"{accounts.password_wait_words()} and try again, or set a new password with "
            "the link below."
        )
        return render_template("account/login.html", form=form), 429
    user = accounts.authenticate(form.email.data, form.password.data)
    problem = None
    if user is None:
        accounts.count_wrong_password(form.email.data)
        problem = "That email address and password don't match an account. Check both, or set a new password."  # noqa: E501
    elif not user.is_active:
        problem = "This account has been disabled. Please contact the site's administrators."
    elif not user.is_confirmed:
        if accounts.send_confirmation(user):
            problem = (
                "Please confirm your email address first: we've just sent you a new link. "
                "Open it, then log in."
            )
        else:
            problem = (
                "Please confirm your email address first, with the newest link we sent "
                f"you. We send at most {accounts.mail_limit_words()} to one address, so "
                "no new one went out just now: look for the earlier ones, or try later."
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


@bp.get("/reset/<token>")
def reset_password_old_link(token: str):
    """A reset link in the old shape (token in the path)."""
    return _from_old_link(token, "account.reset_password", "reset")


_RESET_TOKEN = "reset_token"  # noqa: S105 - the session key that holds an opened link


def _reset_account(token: str) -> User | accounts.LinkProblem:
    found = accounts.user_for_reset(token)
    if isinstance(found, User) and not found.is_active:
        return accounts.LinkProblem.INVALID
    return found


def _reset_user():
    """The account the reset link opened in this session is for, or its LinkProblem."""
    token = session.get(_RESET_TOKEN)
    if not token:
        return None
    found = _reset_account(token)
    if isinstance(found, accounts.LinkProblem):
        session.pop(_RESET_TOKEN, None)
    return found


@bp.route("/new-password", methods=["GET", "POST"])
@limiter.limit(_auth_limit, methods=["POST"])
def reset_password():
    """Choose a new password from a reset link; the link works once, for an hour.

    First the link's token is posted (LinkForm) and kept in the session; then the
    password form is shown for the account it opens.
    """
    if request.method == "POST" and "link" in request.form:
        form = LinkForm()
        if form.validate_on_submit():
            token = accounts.token_from_link(form.link.data)
            found = _reset_account(token)
            if isinstance(found, accounts.LinkProblem):
                return _link_problem(found, "reset")
            session[_RESET_TOKEN] = token
            return redirect(url_for("account.reset_password"), 303)
        return render_template("account/open_link.html", form=form, what="reset"), 400
    found = _reset_user()
    if found is None:
        if request.method == "POST":
            return _link_problem(accounts.LinkProblem.INVALID, "reset")
        return render_template("account/open_link.html", form=LinkForm(), what="reset")
    if isinstance(found, accounts.LinkProblem):
        return _link_problem(found, "reset")
    form = ResetForm()
    if form.validate_on_submit():
        problem = accounts.password_problem(form.password.data, found.email)
        if problem is None:
            accounts.reset_password(found, form.password.data)
            if current_user.is_authenticated:
                accounts.log_out(None)
            session.pop(_RESET_TOKEN, None)
            flash("Your new password is set. Log in with it now.", "success")
            return redirect(url_for("account.login"))
        form.password.errors.append(problem)
    status = 400 if form.is_submitted() else 200
    return render_template("account/reset.html", form=form, user=found), status


# -- pages behind login ----------------------------------------------------------------------


@bp.get("/")
@login_required
def overview():
    """The account page: address, kind of account, what can be done with it, and for a
    therapist whatever their licences need them to do (an admin's reason, an outcome)."""
    therapist = current_user.therapist if current_user.role == Role.THERAPIST else None
    return render_template(
        "account/overview.html",
        admin_url=_admin_url(),
        needs_you=outcomes.needs_you(therapist) if therapist is not None else [],
    )


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
