"""Admin forms: the document upload form with a size limit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm


def validate_document_size(file) -> None:
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if file is not None and getattr(file, "size", 0) > limit:
        raise ValidationError(
            _("This file is %(size)s; documents may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form plus a size limit (the type allow-list is WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if "file" in self.changed_data:
            validate_document_size(file)
        return file
