"""Think groups, memberships, threads, posts and per-member state on them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Domains belong to the members' part (a member picks theirs in the profile); imported
# here too for the code that knows them as part of the forum.
from community.models import Domain  # noqa: F401

from .querysets import PostQuerySet, PostRevisionQuerySet, ThinkGroupQuerySet, ThreadQuerySet

POSTS_PER_PAGE = 20


class Visibility(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PRIVATE = "private", _("Private")


class ThinkGroup(models.Model):
    """A think group ("SAMendenk-groep") in a domain."""

    domain = models.ForeignKey(
        "community.Domain",
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("domain"),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Denormalised counters, maintained by groups.actions in the same transaction.
    member_count = models.PositiveIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ThinkGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("think group")
        verbose_name_plural = _("think groups")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:group", kwargs={"slug": self.slug})


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Group moderator")


class GroupMembership(models.Model):
    group = models.ForeignKey(ThinkGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="unique_group_membership")
        ]

    def __str__(self):
        return f"{self.member} in {self.group}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """A request to join a closed group; group moderators decide."""

    group = models.ForeignKey(ThinkGroup, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member"],
                condition=models.Q(status="pending"),
                name="one_pending_join_request",
            )
        ]

    def __str__(self):
        return f"{self.member} → {self.group} ({self.status})"


class Invitation(models.Model):
    """An invitation to a private (or closed) group."""

    group = models.ForeignKey(ThinkGroup, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.member} invited to {self.group}"


class Thread(models.Model):
    group = models.ForeignKey(
        ThinkGroup, on_delete=models.CASCADE, related_name="threads", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # Denormalised, maintained by groups.actions.
    last_post_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reply_count = models.PositiveIntegerField(default=0)
    last_number = models.PositiveIntegerField(
        default=0, help_text="Number of the newest post; post numbers increase per thread."
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["group", "-is_pinned", "-last_post_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:thread", kwargs={"pk": self.pk})


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    # Increases per thread; clients catch up with "everything after number N".
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    quoted_post = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The client-privacy guard's findings the author confirmed, and whether the
    # post is held back for bureau review.
    privacy_findings = models.JSONField(default=list, blank=True)
    is_held = models.BooleanField(_("held for review"), default=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="unique_post_number")
        ]

    def __str__(self):
        return f"#{self.number} in {self.thread_id}"

    def get_absolute_url(self):
        url = reverse("groups:thread", kwargs={"pk": self.thread_id})
        page = self.page_number
        return (
            f"{url}?pagina={page}#post-{self.number}" if page > 1 else f"{url}#post-{self.number}"
        )

    @property
    def page_number(self) -> int:
        return (self.number - 1) // POSTS_PER_PAGE + 1


class PostRevision(models.Model):
    """An earlier version of a post, kept on every edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")

    objects = PostRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"revision of {self.post_id}"


class PostMention(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="unique_post_mention")
        ]

    def __str__(self):
        return f"@{self.member_id} in {self.post_id}"


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="unique_thread_follow")
        ]

    def __str__(self):
        return f"{self.member_id} follows thread {self.thread_id}"


class GroupFollow(models.Model):
    group = models.ForeignKey(ThinkGroup, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="unique_group_follow")
        ]

    def __str__(self):
        return f"{self.member_id} follows group {self.group_id}"


class ReadState(models.Model):
    """How far a member has read a thread (the highest post number seen)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_states"
    )
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="unique_read_state")
        ]

    def __str__(self):
        return f"{self.member_id} read {self.thread_id} to {self.last_read_number}"
