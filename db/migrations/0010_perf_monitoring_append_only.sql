-- 绩效: goal versions, monitoring records and their evidence are never changed or removed (a goal change is a new
-- version; a record is the figures as measured then). refuse_change() is the ledger's (0001_ledger_integrity).
CREATE TRIGGER perf_goal_revision_append_only BEFORE UPDATE OR DELETE ON "perf_goal_revision" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER perf_monitoring_append_only BEFORE UPDATE OR DELETE ON "perf_monitoring" FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER perf_evidence_append_only BEFORE UPDATE OR DELETE ON "perf_evidence" FOR EACH ROW EXECUTE FUNCTION refuse_change();
