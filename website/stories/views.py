"""The member's pages of practice stories: write, see the assistant's marks, choose
replacements, consent, follow the review, answer, withdraw. Only the author sees a story
here (anyone else gets a 404); the published article is a page of the news site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .forms import AnswerForm, ConsentForm, StoryForm
from .models import CHECKED, PART_LABELS, Story, StoryStatus
from .text import segments


def _own(request, pk) -> Story:
    return get_object_or_404(Story.objects.of(request.user).select_related("page", "domain"), pk=pk)


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do that.")


def stories_index(request):
    """/verhalen/: the published stories are a filter of the news."""
    from ..models import NewsIndexPage

    index = NewsIndexPage.objects.live().first()
    if index is None:
        return redirect("/")
    return redirect(index.url + "soort/praktijkverhaal/")


@login_required
def mine(request):
    stories = Story.objects.of(request.user).select_related("page")
    return render(request, "stories/mine.html", {"stories": stories})


@login_required
def write(request, pk=None):
    story = _own(request, pk) if pk else None
    if story is not None and story.status not in (StoryStatus.DRAFT, StoryStatus.CHANGES):
        messages.error(request, _("This story can no longer be changed."))
        return redirect("stories:detail", story.pk)
    initial = {}
    if story is not None:
        initial = {name: story.part_text(name) for name in CHECKED}
        initial["domain"] = story.domain_id
        initial["schemes"] = list(story.schemes.values_list("pk", flat=True))
    form = StoryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                story = actions.save_draft(
                    member=request.user, story=story, fields=form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Your draft is saved. Only you can see it."))
                return redirect("stories:detail", story.pk)
    return render(request, "stories/write.html", {"form": form, "story": story}, status=status)


def _detail_context(request, story: Story, **extra) -> dict:
    parts = [
        {"name": name, "label": PART_LABELS[name], "segments": segments(story, name)}
        for name in CHECKED
        if story.part_text(name)
    ]
    marks = [s for part in parts for s in part["segments"] if s.is_mark]
    return {
        "story": story,
        "parts": parts,
        "marks": marks,
        "consent_form": extra.pop("consent_form", None)
        or ConsentForm(
            initial={
                "audience": story.audience or None,
                "show_name": "1" if story.show_name else "0",
            }
            | ({"byline": story.byline} if story.byline else {})
        ),
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        "events": list(story.events.select_related("actor")),
        "editable": story.status in (StoryStatus.DRAFT, StoryStatus.CHANGES),
        **extra,
    }


@login_required
def detail(request, pk):
    story = _own(request, pk)
    return render(request, "stories/detail.html", _detail_context(request, story))


@login_required
def analysis_state(request, pk):
    story = _own(request, pk)
    return JsonResponse({"analysed": story.is_analysed, "version": story.text_version})


@login_required
@require_POST
def replacements(request, pk):
    story = _own(request, pk)
    picks = {part: request.POST.getlist(f"{part}-replacement") for part in CHECKED}
    try:
        actions.choose_replacements(member=request.user, story=story, picks=picks)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
        return render(request, "stories/detail.html", _detail_context(request, story), status=400)
    messages.success(request, _("Your replacements are saved: this is how others will read it."))
    return redirect("stories:detail", story.pk)


@login_required
@require_POST
def submit(request, pk):
    story = _own(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            actions.submit_story(
                member=request.user,
                story=story,
                audience=form.cleaned_data["audience"],
                show_name=form.cleaned_data["show_name"],
                byline=form.cleaned_data["byline"],
                consent=form.cleaned_data["consent"],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Thank you. The editors have received your story."))
            return redirect("stories:detail", story.pk)
    else:
        messages.error(request, _("Choose where it may appear and give your consent."))
    context = _detail_context(request, story, consent_form=form)
    return render(request, "stories/detail.html", context, status=400)


@login_required
@require_POST
def withdraw(request, pk):
    story = _own(request, pk)
    try:
        actions.withdraw_consent(member=request.user, story=story)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Your consent is withdrawn; the story is no longer on the site.")
        )
    return redirect("stories:detail", story.pk)


@login_required
@require_POST
def answer(request, pk):
    story = _own(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer(member=request.user, story=story, text=form.cleaned_data["text"])
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Your answer is sent to the editors."))
            return redirect("stories:detail", story.pk)
    context = _detail_context(request, story, answer_form=form)
    return render(request, "stories/detail.html", context, status=400)
