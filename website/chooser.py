"""The admin chooser for think groups, used by the article call-out block.

Only groups an anonymous visitor may know about are listed, searched or returned: the
"chosen" endpoints take any id, so a private group answers there exactly like a missing one
(404) and its name never reaches an editor's browser.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChosenMultipleView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet


def public_groups():
    """Groups an anonymous visitor may know about: the only ones an article may point to."""
    from groups.models import ThinkGroup

    return ThinkGroup.objects.listed_for(AnonymousUser())


class PublicGroupChosenView(ChosenView):
    def get_object(self, pk):
        # A non-numeric id is missing too, not a 500.
        return public_groups().get(pk=int(pk) if str(pk).isdigit() else 0)


class PublicGroupsChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        return public_groups().filter(pk__in=[pk for pk in pks if str(pk).isdigit()])


class ThinkGroupChooserViewSet(ChooserViewSet):
    model = "groups.ThinkGroup"
    icon = "group"
    choose_one_text = _("Choose a think group")
    choose_another_text = _("Choose another think group")
    edit_item_text = _("Edit think group")
    chosen_view_class = PublicGroupChosenView
    chosen_multiple_view_class = PublicGroupsChosenMultipleView

    def get_object_list(self):
        return public_groups().order_by("name")


think_group_chooser_viewset = ThinkGroupChooserViewSet(
    "denkgroep_kiezer", url_prefix="denkgroep-kiezer"
)
