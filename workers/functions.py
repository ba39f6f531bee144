"""Every job function by its name: the workers run these, and so does ``serve`` without Redis."""

from __future__ import annotations

from matcher.jobs import JobFunction
from matcher.store.jobs import APPLY_RETENTION, CLOSE_STALE_REFERRALS, PREPARE_WEEKLY_PLAN, SNAPSHOT_WEEKLY_REPORTS
from matcher.store.referrals import CHASE_FEEDBACK, CHASE_FOLLOW_UP
from matcher.store.webhooks import DELIVER_WEBHOOK
from workers.feedback import chase_feedback, chase_follow_up
from workers.housekeeping import apply_retention, close_stale_referrals, prepare_weekly_plan, snapshot_weekly_reports
from workers.webhooks import deliver_webhook

FUNCTIONS: dict[str, JobFunction] = {
    CHASE_FEEDBACK: chase_feedback,
    CHASE_FOLLOW_UP: chase_follow_up,
    DELIVER_WEBHOOK: deliver_webhook,
    CLOSE_STALE_REFERRALS: close_stale_referrals,
    APPLY_RETENTION: apply_retention,
    SNAPSHOT_WEEKLY_REPORTS: snapshot_weekly_reports,
    PREPARE_WEEKLY_PLAN: prepare_weekly_plan,
}
