"""Demo think groups and discussions for `manage.py load_demo` (runs after community.demo).

Scales to ``--posts 100000``: rows are bulk-created in batches and each distinct Markdown
fragment is rendered once. Idempotent: once the demo groups have threads, nothing is added.
The search index is filled by search.demo / ``search_rebuild``, not from here.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.models import Member, Notification, NotificationKind

from . import demo_texts as texts
from .markdown import render
from .models import (
    Domain,
    GroupFollow,
    GroupMembership,
    GroupRole,
    Post,
    PostMention,
    ReadState,
    ThinkGroup,
    Thread,
    ThreadFollow,
    Visibility,
)

BATCH = 2000
# Some groups are busier than others.
WEIGHTS = {"tozo-en-zelfstandigen": 3, "participatiewet-in-de-praktijk": 2}


def load(ctx) -> None:
    members = list(ctx.extra.get("members") or Member.objects.filter(is_active=True))
    domains = {d.slug: d for d in Domain.objects.all()}
    groups = _ensure_groups(domains)
    if Thread.objects.filter(group__in=groups).exists():
        ctx.say("Denkgroepen bestaan al; discussies worden niet opnieuw geladen.")
        return
    if not members:
        ctx.say("Geen leden: eerst community.demo.")
        return
    group_members = _memberships(ctx, groups, members)
    plans = _plan_threads(ctx, groups, group_members)
    _create(ctx, plans, groups, group_members, members)


def _ensure_groups(domains) -> list[ThinkGroup]:
    groups = []
    for slug, name, domain_slug, visibility, description in texts.GROUPS:
        group, _created = ThinkGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "domain": domains[domain_slug],
                "visibility": visibility,
                "description": description,
            },
        )
        groups.append(group)
    return groups


def _memberships(ctx, groups, members) -> dict[int, list[Member]]:
    """Members join open groups of their own domains, some others, and closed groups of
    their domain now and then; the private group gets a handful of invited colleagues."""
    rng = ctx.rng
    member_domains = {m.pk: set(m.domains.values_list("slug", flat=True)) for m in members}
    fixed_member = next((m for m in members if m.email == "lid@samendenk.nl"), None)
    chosen: dict[int, list[Member]] = {g.pk: [] for g in groups}
    for group in groups:
        own = [m for m in members if group.domain.slug in member_domains[m.pk]]
        if group.visibility == Visibility.PRIVATE:
            picked = rng.sample(own, min(8, len(own)))
        elif group.visibility == Visibility.CLOSED:
            picked = [m for m in own if rng.random() < 0.6]
        else:
            picked = [m for m in own if rng.random() < 0.85]
            picked += [m for m in members if m not in own and rng.random() < 0.12]
        fixed_fits = fixed_member and group.domain.slug in member_domains[fixed_member.pk]
        if fixed_fits and fixed_member not in picked:
            picked.append(fixed_member)
        if len(picked) < 3:
            picked += [m for m in rng.sample(members, min(3, len(members))) if m not in picked]
        chosen[group.pk] = picked
    rows = []
    for group in groups:
        # One member moderates each group (never the fixed demo member, so that its
        # log-in shows an ordinary member's view).
        moderator = next((m for m in chosen[group.pk] if m != fixed_member), None)
        for member in chosen[group.pk]:
            is_moderator = member == moderator
            rows.append(
                GroupMembership(
                    group=group,
                    member=member,
                    role=GroupRole.MODERATOR if is_moderator else GroupRole.MEMBER,
                    joined_at=timezone.now() - timedelta(days=rng.randint(200, 400)),
                )
            )
    GroupMembership.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
    follows = [
        GroupFollow(group=group, member=member)
        for group in groups
        for member in chosen[group.pk]
        if rng.random() < 0.3
    ]
    GroupFollow.objects.bulk_create(follows, ignore_conflicts=True, batch_size=BATCH)
    return chosen


def _title(rng, domain_slug: str) -> str:
    topic = rng.choice(texts.TOPICS[domain_slug])
    template = rng.choice(texts.TITLE_TEMPLATES)
    return template.format(topic=topic, Topic=topic[0].upper() + topic[1:])


def _plan_threads(ctx, groups, group_members):
    rng = ctx.rng
    weights = [WEIGHTS.get(g.slug, 1) for g in groups]
    total_threads = max(ctx.threads, len(groups))
    thread_groups = rng.choices(groups, weights=weights, k=total_threads)
    extra_posts = max(ctx.posts - total_threads, 0)
    # Long-tailed thread lengths, as on a real forum.
    shares = [rng.paretovariate(1.3) for _ in thread_groups]
    scale = extra_posts / sum(shares) if shares else 0
    lengths = [1 + int(share * scale) for share in shares]
    # Rounding leaves a remainder; spread it so the total is what was asked.
    for i in range(max(ctx.posts - sum(lengths), 0)):
        lengths[i % len(lengths)] += 1
    now = timezone.now()
    plans = []
    for group, length in zip(thread_groups, lengths, strict=True):
        people = group_members[group.pk]
        started = now - timedelta(minutes=rng.randint(60 * 24, 60 * 24 * 240))
        span = (now - started).total_seconds()
        offsets = sorted(rng.random() * span for _ in range(length - 1))
        author = rng.choice(people)
        posts = [(author, started)]
        for offset in offsets:
            posts.append((rng.choice(people), started + timedelta(seconds=offset)))
        plans.append({"group": group, "title": _title(rng, group.domain.slug), "posts": posts})
    return plans


class _Renderer:
    """Renders each distinct fragment once; a body is the join of its fragments."""

    def __init__(self, members):
        self.cache: dict[str, str] = {}
        self.profile = {m.display_name: reverse("community:profile", args=[m.pk]) for m in members}

    def html(self, fragment: str, mentioned: Member | None = None) -> str:
        if fragment not in self.cache:
            mentions = (
                {mentioned.display_name: self.profile[mentioned.display_name]}
                if mentioned
                else None
            )
            self.cache[fragment] = render(fragment, mentions=mentions)
        return self.cache[fragment]


def _body(rng, domain_slug: str, *, first: bool, earlier: list[Member], renderer: _Renderer):
    parts: list[tuple[str, Member | None]] = []
    mentioned = None
    if first:
        parts.append((rng.choice(texts.OPENINGS), None))
        parts.append((rng.choice(texts.SUBSTANCE[domain_slug]), None))
        if rng.random() < 0.4:
            parts.append((rng.choice(texts.GENERIC), None))
        parts.append((rng.choice(texts.QUESTIONS), None))
    else:
        reply = rng.choice(texts.REPLIES)
        if earlier and rng.random() < 0.12:
            mentioned = rng.choice(earlier)
            parts.append((f"@[{mentioned.display_name}] {reply}", mentioned))
        else:
            parts.append((reply, None))
        roll = rng.random()
        if roll < 0.45:
            parts.append((rng.choice(texts.SUBSTANCE[domain_slug]), None))
        elif roll < 0.7:
            parts.append((rng.choice(texts.GENERIC), None))
        closing = rng.choice(texts.CLOSINGS)
        if closing:
            parts.append((closing, None))
    body = "\n\n".join(text for text, _m in parts)
    html = "".join(renderer.html(text, m) for text, m in parts)
    return body, html, mentioned


def _create(ctx, plans, groups, group_members, members) -> None:
    rng = ctx.rng
    renderer = _Renderer(members)
    threads = []
    for plan in plans:
        posts = plan["posts"]
        threads.append(
            Thread(
                group=plan["group"],
                title=plan["title"],
                author=posts[0][0],
                created_at=posts[0][1],
                last_post_at=posts[-1][1],
                last_poster=posts[-1][0],
                reply_count=len(posts) - 1,
                last_number=len(posts),
                is_pinned=rng.random() < 0.03,
            )
        )
    with ctx.progress("Denkgroepen: onderwerpen", len(threads)) as bar:
        for start in range(0, len(threads), BATCH):
            batch = threads[start : start + BATCH]
            Thread.objects.bulk_create(batch)
            bar.advance(len(batch))
    total_posts = sum(len(p["posts"]) for p in plans)
    pending: list[Post] = []
    pending_mentions: list[tuple[Post, Member]] = []
    follows: list[ThreadFollow] = []
    mentions: list[PostMention] = []
    notes: list[Notification] = []

    def flush():
        Post.objects.bulk_create(pending, batch_size=BATCH)
        for post, person in pending_mentions:
            mentions.append(PostMention(post=post, member=person))
            if person.pk != post.author_id:
                notes.append(
                    Notification(
                        recipient=person,
                        kind=NotificationKind.MENTION,
                        actor=post.author,
                        group=post.thread.group,
                        thread=post.thread,
                        post=post,
                        text=f"{post.author.display_name} noemde je in ‘{post.thread.title}’"[:300],
                        url=post.get_absolute_url(),
                        created_at=post.created_at,
                        # Only the newest few are unread, like a real account.
                        read_at=post.created_at
                        if post.created_at < timezone.now() - timedelta(days=7)
                        else None,
                        emailed_at=post.created_at,
                    )
                )
        bar.advance(len(pending))
        pending.clear()
        pending_mentions.clear()

    with ctx.progress("Denkgroepen: berichten", total_posts) as bar:
        for thread, plan in zip(threads, plans, strict=True):
            domain_slug = plan["group"].domain.slug
            earlier: list[Member] = []
            for number, (author, created_at) in enumerate(plan["posts"], start=1):
                body, html, mentioned = _body(
                    rng,
                    domain_slug,
                    first=number == 1,
                    earlier=[m for m in earlier if m != author],
                    renderer=renderer,
                )
                post = Post(
                    thread=thread,
                    number=number,
                    author=author,
                    body=body,
                    body_html=html,
                    created_at=created_at,
                )
                pending.append(post)
                if mentioned:
                    pending_mentions.append((post, mentioned))
                if author not in earlier and len(earlier) < 30:
                    earlier.append(author)
            follows.append(ThreadFollow(thread=thread, member=thread.author))
            if len(pending) >= BATCH:
                flush()
        if pending:
            flush()
    PostMention.objects.bulk_create(mentions, ignore_conflicts=True, batch_size=BATCH)
    Notification.objects.bulk_create(notes, batch_size=BATCH)
    ThreadFollow.objects.bulk_create(follows, ignore_conflicts=True, batch_size=BATCH)
    _read_states(rng, threads, group_members)
    _counters(groups, threads, group_members)
    ctx.say(
        f"Denkgroepen: {len(groups)} groepen, {len(threads)} onderwerpen, "
        f"{total_posts} berichten, {len(mentions)} vermeldingen."
    )


def _read_states(rng, threads, group_members) -> None:
    """Members have read most of what is older, so unread markers mean something."""
    rows = []
    for thread in threads:
        for member in group_members[thread.group_id]:
            if rng.random() < 0.5:
                read_to = (
                    thread.last_number if rng.random() < 0.7 else rng.randint(1, thread.last_number)
                )
                rows.append(ReadState(thread=thread, member=member, last_read_number=read_to))
    ReadState.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)


def _counters(groups, threads, group_members) -> None:
    for group in groups:
        own = [t for t in threads if t.group_id == group.pk]
        group.member_count = GroupMembership.objects.filter(group=group).count()
        group.thread_count = len(own)
        group.post_count = sum(t.last_number for t in own)
        group.last_activity_at = max((t.last_post_at for t in own), default=None)
    ThinkGroup.objects.bulk_update(
        groups, ["member_count", "thread_count", "post_count", "last_activity_at"]
    )
