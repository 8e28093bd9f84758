"""The admin chooser for think groups, used by the article call-out block."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet


def public_groups():
    """Groups an anonymous visitor may know about: the only ones an article may point to."""
    from groups.models import ThinkGroup

    return ThinkGroup.objects.listed_for(AnonymousUser())


class ThinkGroupChooserViewSet(ChooserViewSet):
    model = "groups.ThinkGroup"
    icon = "group"
    choose_one_text = _("Choose a think group")
    choose_another_text = _("Choose another think group")
    edit_item_text = _("Edit think group")

    def get_object_list(self):
        return public_groups().order_by("name")


think_group_chooser_viewset = ThinkGroupChooserViewSet(
    "denkgroep_kiezer", url_prefix="denkgroep-kiezer"
)
