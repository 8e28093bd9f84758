"""The member (custom user model), the domains members work in, notifications and personal
access tokens."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.fields import KindField

from .text import clean_line


class Role(models.TextChoices):
    """Platform roles, stored as Django auth groups (created by a data migration)."""

    MEMBER = "Leden", _("Members")
    EDITOR = "Redactie", _("Editors")
    BUREAU = "Bureau", _("Bureau")


class EmailMode(models.TextChoices):
    DIGEST = "digest", _("Daily digest")
    EACH = "each", _("An e-mail per event")
    NONE = "none", _("No e-mail")


class Domain(models.Model):
    """A field of work (zorg, jeugd, …); data, editable by the bureau."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1d4f91",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # Moved here from the groups app; the table kept its name (migration community/0005).
        db_table = "groups_domain"
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        member = self.model(email=email, **extra)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class Member(AbstractBaseUser, PermissionsMixin):
    """A person with an account: member, editor or bureau staff (roles are auth groups)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    organisation = models.CharField(
        _("organisation"),
        max_length=120,
        blank=True,
        help_text=_("For example a municipality or a social service."),
    )
    job_title = models.CharField(
        _("job title"),
        max_length=80,
        blank=True,
        help_text=_("For example klantmanager, schuldhulpverlener or jeugdconsulent."),
    )
    domains = models.ManyToManyField(
        Domain, blank=True, related_name="members", verbose_name=_("domains")
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    email_mode = models.CharField(
        _("e-mail notifications"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.DIGEST,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()
        self.display_name = clean_line(self.display_name)
        self.organisation = clean_line(self.organisation)
        self.job_title = clean_line(self.job_title)

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_bureau(self) -> bool:
        """Bureau staff moderate everything everywhere."""
        return self.is_active and (self.is_superuser or Role.BUREAU.value in self.role_names)

    @property
    def is_editor(self) -> bool:
        return self.is_active and Role.EDITOR.value in self.role_names

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mention")
    REPLY = "reply", _("Reply in a followed thread")
    NEW_THREAD = "new_thread", _("New thread in a followed group")
    JOIN_REQUEST = "join_request", _("Request to join a group you moderate")
    JOIN_DECISION = "join_decision", _("Decision on a join request")
    INVITATION = "invitation", _("Invitation to a group")
    MODERATION = "moderation", _("Moderation")
    SIGNAL = "signal", _("Signals for policy")
    KNOWLEDGE = "knowledge", _("Guidance versions and verified answers")
    TOETS = "toets", _("Implementation tests")
    STORY = "story", _("Practice stories")


class Notification(models.Model):
    """An in-app notification; e-mail delivery (per event or digest) is tracked on it."""

    recipient = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = KindField(_("kind"), max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        "groups.ThinkGroup", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    thread = models.ForeignKey(
        "groups.Thread", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "groups.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text


class AccessToken(models.Model):
    """A personal access token for the JSON API; only a hash of the secret is stored."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="access_tokens", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=128, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
