"""Signal write functions: one per verb, the only way signal data changes (site, API, admin).

Each checks permission (members mark what they may read; authors decide on quoting; the
bureau curates), writes the audit log, and notifies inside its transaction (the live bell
and e-mail leave after commit through ``groups.notifications``).
"""

from .common import current_theme, markable_posts
from .desk import (
    accept_signal,
    accept_theme,
    clean_scheme_name,
    create_theme,
    delete_theme,
    merge_themes,
    move_signal,
    reject_signal,
    save_scheme,
    save_theme,
)
from .marking import decide_consent, follow_theme, mark_post, support_signal, unfollow_theme
from .reports import (
    approve_quote,
    create_report_link,
    record_answer,
    record_dispatch,
    report_participants,
    revoke_report_link,
    save_proposal,
    save_report,
    unapprove_quote,
)

__all__ = [
    "accept_signal", "accept_theme", "approve_quote", "clean_scheme_name", "create_report_link",
    "create_theme", "current_theme", "decide_consent", "delete_theme", "follow_theme",
    "mark_post", "markable_posts", "merge_themes", "move_signal", "record_answer",
    "record_dispatch", "reject_signal", "report_participants", "revoke_report_link",
    "save_proposal", "save_report", "save_scheme", "save_theme", "support_signal",
    "unapprove_quote", "unfollow_theme",
]  # fmt: skip
