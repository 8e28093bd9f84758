"""The news index under the home page, the Redactie/Bureau permissions and the workflow.

Editors (Redactie) may add and change pages, documents, images and the tag/category/author
snippets, but not publish; the "Redactie → Bureau" workflow on the home page sends every
submission to the Bureau group, which may publish.
"""

from django.db import migrations
from django.utils import timezone

PAGE_EDIT = ["add_page", "change_page"]
PAGE_PUBLISH = ["publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
COLLECTION_PERMS = {
    ("wagtaildocs", "document"): ["add_document", "change_document", "choose_document"],
    ("wagtailimages", "image"): ["add_image", "change_image", "choose_image"],
}
SNIPPETS = ["tag", "category", "author"]


def _perm(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename=codename, defaults={"name": codename.replace("_", " ")}
    )
    return perm


def create_news_index(apps, home):
    ContentType = apps.get_model("contenttypes.ContentType")
    NewsIndexPage = apps.get_model("website.NewsIndexPage")
    Page = apps.get_model("wagtailcore.Page")
    if Page.objects.filter(depth=home.depth + 1, path__startswith=home.path, slug="nieuws").exists():
        return
    last = Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).order_by("-path").first()
    position = int(last.path[-4:], 36) + 1 if last else 1
    ct, _ = ContentType.objects.get_or_create(app_label="website", model="newsindexpage")
    now = timezone.now()
    NewsIndexPage.objects.create(
        title="Nieuws",
        draft_title="Nieuws",
        slug="nieuws",
        content_type=ct,
        path=home.path + _base36(position).rjust(4, "0"),
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "nieuws/",
        intro="<p>Nieuws, interviews en columns van SAM.</p>",
        live=True,
        first_published_at=now,
        last_published_at=now,
        locale_id=home.locale_id,
        show_in_menus=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    editors, _ = Group.objects.get_or_create(name="Redactie")
    bureau, _ = Group.objects.get_or_create(name="Bureau")
    home = Page.objects.filter(depth=2, slug="home").first() or Page.objects.filter(depth=2).first()
    if home is None:
        return
    create_news_index(apps, home)
    home = Page.objects.get(pk=home.pk)

    admin_access = _perm(apps, "wagtailadmin", "admin", "access_admin")
    for group in (editors, bureau):
        group.permissions.add(admin_access)
        for model in SNIPPETS:
            for action in ("add", "change", "view"):
                group.permissions.add(_perm(apps, "website", model, f"{action}_{model}"))
    for model in SNIPPETS:
        bureau.permissions.add(_perm(apps, "website", model, f"delete_{model}"))

    for codename in PAGE_EDIT:
        perm = _perm(apps, "wagtailcore", "page", codename)
        for group in (editors, bureau):
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=perm)
    for codename in PAGE_PUBLISH:
        perm = _perm(apps, "wagtailcore", "page", codename)
        GroupPagePermission.objects.get_or_create(group=bureau, page=home, permission=perm)

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for (app_label, model), codenames in COLLECTION_PERMS.items():
            for codename in codenames:
                perm = _perm(apps, app_label, model, codename)
                for group in (editors, bureau):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )

    task_ct, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name="Goedkeuring door het bureau").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Goedkeuring door het bureau", content_type=task_ct, active=True
        )
    task.groups.add(bureau)
    workflow, _ = Workflow.objects.get_or_create(name="Redactie → Bureau", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0003_newsroom_pages"),
        ("community", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
