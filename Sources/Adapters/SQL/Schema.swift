import Foundation

/// The schema, as an append-only list of migrations. Each is written once with type tokens and
/// rendered per backend; Postgres adds row-level security. Never edit a shipped migration: append.
enum Schema {
    /// Tables whose rows belong to one tenant. Postgres forces row-level security on each.
    static let tenantTables =
        initialTenantTables + ["card_taps", "submission_flags", "manual_rates", "policy_documents", "rule_proposals"]

    /// The tenant tables of migration 1.
    private static let initialTenantTables = [
        "members", "lark_connections", "policies", "flows", "submissions", "extractions", "checks",
        "decisions", "card_messages", "audit_entries", "patterns", "inbox_events",
    ]

    static func migrations(for dialect: SQLDialect) -> [[String]] {
        dialect == .postgres ? postgresMigrations : sqliteMigrations
    }

    private static let sqliteMigrations = [
        render(initial, .sqlite), render(dashboardIndexes, .sqlite), render(cardLifecycle, .sqlite),
        render(keptHistory, .sqlite) + sqliteFlowRestriction,
        render(reportSummary, .sqlite) + reportSummaryBackfill(.sqlite),
        render(oneRunPerSubject, .sqlite), render(sharedRateLimits, .sqlite),
        render(remindersAndDecisionTime, .sqlite) + decisionTimeBackfill(.sqlite), render(decisionReasons, .sqlite),
        render(exchangeRates, .sqlite), render(languages, .sqlite), render(policyMirror, .sqlite),
        render(claimAndReportIndexes, .sqlite), render(checkHistoryIndexes, .sqlite),
        render(checkHistoryColumns, .sqlite) + applicantBackfill(.sqlite),
    ]
    private static let postgresMigrations = [
        render(initial, .postgres) + rowLevelSecurity(initialTenantTables),
        render(dashboardIndexes, .postgres),
        render(cardLifecycle, .postgres) + rowLevelSecurity(["card_taps"]),
        render(keptHistory, .postgres) + postgresFlowRestriction,
        render(reportSummary, .postgres) + reportSummaryBackfill(.postgres) + rowLevelSecurity(["submission_flags"]),
        render(oneRunPerSubject, .postgres), render(sharedRateLimits, .postgres),
        render(remindersAndDecisionTime, .postgres) + decisionTimeBackfill(.postgres),
        render(decisionReasons, .postgres), render(exchangeRates, .postgres) + rowLevelSecurity(["manual_rates"]),
        render(languages, .postgres),
        render(policyMirror, .postgres) + rowLevelSecurity(["policy_documents", "rule_proposals"]),
        render(claimAndReportIndexes, .postgres), render(checkHistoryIndexes, .postgres),
        render(checkHistoryColumns, .postgres) + applicantBackfill(.postgres),
    ]

    /// 15: the check's reads of history from indexes alone. A category's or vendor's recent
    /// amounts are read from indexes that hold them (`kopi-bench pipeline` timing SQLite's
    /// statements: the two reads of 200 amounts each were the costliest statements of a claim,
    /// most of it looking up each row for its amount). And the applicant is a column of its own,
    /// indexed with the time: a check under a daily cap reads the applicant's claims of the last
    /// days, a read that matched the applicant inside the JSON body of every claim of the period.
    private static let checkHistoryColumns: [String] = [
        "DROP INDEX submissions_by_category",
        """
        CREATE INDEX submissions_by_category ON submissions(
          tenant_id, category, submitted_at, id, currency, amount_minor, base_currency, base_minor)
        """,
        "DROP INDEX submissions_by_vendor",
        """
        CREATE INDEX submissions_by_vendor ON submissions(
          tenant_id, vendor_key, submitted_at, id, currency, amount_minor, base_currency, base_minor)
        """,
        "ALTER TABLE submissions ADD COLUMN applicant {TEXT}",
        "CREATE INDEX submissions_by_applicant ON submissions(tenant_id, applicant, submitted_at)",
    ]

    /// Fills migration 15's column from the claims' bodies, as the owner over every tenant's rows
    /// on Postgres (see ``reportSummaryBackfill(_:)``).
    static func applicantBackfill(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite:
            return ["UPDATE submissions SET applicant = json_extract(body, '$.applicant')"]
        case .postgres:
            return [
                "ALTER TABLE submissions NO FORCE ROW LEVEL SECURITY",
                "UPDATE submissions SET applicant = body::jsonb ->> 'applicant'",
                "ALTER TABLE submissions FORCE ROW LEVEL SECURITY",
            ]
        }
    }

    /// 14: the check's reads of history, found by `kopi bench pipeline` counting SQLite's steps per
    /// statement. A category's recent amounts are sought by category (the old index led with the
    /// currency, which the query cannot bind since amounts in the base currency count too), and
    /// an invoice's other holders by hash or invoice number on indexes that hold the submission
    /// id, so no planner prefers walking the primary key of every extraction.
    private static let checkHistoryIndexes: [String] = [
        "DROP INDEX submissions_by_category",
        "CREATE INDEX submissions_by_category ON submissions(tenant_id, category, submitted_at)",
        "DROP INDEX extractions_by_hash",
        "CREATE INDEX extractions_by_hash ON extractions(tenant_id, content_hash, submission_id)",
        "DROP INDEX extractions_by_invoice",
        "CREATE INDEX extractions_by_invoice ON extractions(tenant_id, invoice_key, submission_id)",
    ]

    /// 13: each workspace's due jobs in order, so a fair claim seeks the workspaces that have
    /// jobs and the first due job of each instead of grouping the whole backlog on every claim;
    /// and the report's covering index widened to the columns added since (the time to
    /// decision, the amounts in the base currency), which the report read from every row of the
    /// period, past its JSON body.
    private static let claimAndReportIndexes: [String] = [
        "CREATE INDEX jobs_by_tenant_due ON jobs(tenant_id, run_at, created_at) WHERE state IN ('queued', 'running')",
        "DROP INDEX submissions_report",
        """
        CREATE INDEX submissions_report ON submissions(
          tenant_id, submitted_at, verdict, decision, decided_by_kopi, first_card_at, decided_at,
          currency, amount_minor, base_currency, base_minor)
        """,
    ]

    /// 12: the written policy as rules (Mirror): imported documents with their text, and the
    /// rules proposed from them with the exact sentence each came from and the admin's decision.
    private static let policyMirror: [String] = [
        """
        CREATE TABLE policy_documents (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          id {ID} NOT NULL,
          name {TEXT} NOT NULL,
          text {TEXT} NOT NULL,
          imported_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id))
        """,
        """
        CREATE TABLE rule_proposals (
          tenant_id {ID} NOT NULL,
          id {ID} NOT NULL,
          document_id {ID} NOT NULL,
          rule {TEXT},
          quote {TEXT} NOT NULL,
          status {TEXT} NOT NULL,
          refusal {TEXT},
          created_at {TIME} NOT NULL,
          decided_at {TIME},
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, document_id) REFERENCES policy_documents(tenant_id, id) ON DELETE CASCADE)
        """,
    ]

    /// 11: the dashboard language a person chose (the workspace's is in its policy).
    private static let languages: [String] = ["ALTER TABLE users ADD COLUMN language {TEXT}"]

    /// 10: foreign currencies. The reference feed's days, cached for every workspace (public
    /// data, no tenant); each workspace's manual rates; and a claim's total in its base currency
    /// as the last check converted it (norms and the report read it, falling back to the claim's
    /// own currency and amount for claims checked before).
    private static let exchangeRates: [String] = [
        """
        CREATE TABLE reference_rates (
          day {TEXT} NOT NULL,
          currency {TEXT} NOT NULL,
          base {TEXT} NOT NULL,
          rate {TEXT} NOT NULL,
          fetched_at {TIME} NOT NULL,
          PRIMARY KEY (day, currency))
        """,
        """
        CREATE TABLE manual_rates (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          from_currency {TEXT} NOT NULL,
          to_currency {TEXT} NOT NULL,
          day {TEXT} NOT NULL,
          rate {TEXT} NOT NULL,
          set_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, from_currency, to_currency, day))
        """,
        "ALTER TABLE submissions ADD COLUMN base_currency {TEXT}",
        "ALTER TABLE submissions ADD COLUMN base_minor {INT}",
    ]

    /// 9: the reason an approver typed on the card, kept with the tap until Lark has acted and
    /// then with the decision.
    private static let decisionReasons: [String] = [
        "ALTER TABLE card_taps ADD COLUMN reason {TEXT}",
        "ALTER TABLE decisions ADD COLUMN reason {TEXT}",
    ]

    /// 8: a card's one reminder, and the time of a claim's latest decision kept on it (the
    /// report's time to decision, aggregated like the time to card). Waiting cards are found by
    /// a partial index.
    private static let remindersAndDecisionTime: [String] = [
        "ALTER TABLE card_messages ADD COLUMN reminded_at {TIME}",
        "CREATE INDEX card_messages_awaiting ON card_messages(tenant_id, sent_at) WHERE state = 'open' AND reminded_at IS NULL",
        "ALTER TABLE submissions ADD COLUMN decided_at {TIME}",
    ]

    /// Fills migration 8's decision times from the history, as the owner over every tenant's rows
    /// on Postgres (see ``reportSummaryBackfill(_:)``).
    static func decisionTimeBackfill(_ dialect: SQLDialect) -> [String] {
        let backfill = """
            UPDATE submissions SET decided_at = (
              SELECT d.decided_at FROM decisions d WHERE d.tenant_id = submissions.tenant_id
              AND d.submission_id = submissions.id ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
            WHERE decision IS NOT NULL
            """
        switch dialect {
        case .sqlite: return [backfill]
        case .postgres:
            let tables = ["submissions", "decisions"]
            return tables.map { "ALTER TABLE \($0) NO FORCE ROW LEVEL SECURITY" } + [backfill]
                + tables.map { "ALTER TABLE \($0) FORCE ROW LEVEL SECURITY" }
        }
    }

    /// 7: request counters shared by every instance, so sign-in and invitation limits hold across
    /// them; keys are hashes (a client address is not stored).
    private static let sharedRateLimits: [String] = [
        "CREATE TABLE rate_limits (key {TEXT} PRIMARY KEY, count {INT} NOT NULL, ends_at {TIME} NOT NULL)",
        "CREATE INDEX rate_limits_by_end ON rate_limits(ends_at)",
    ]

    /// 6: one running job per subject of a workspace (an instance is processed by one worker at
    /// a time, whatever the job's kind). Runs left running together by an older Kopi keep the
    /// latest-leased one; the others are settled as superseded, since it does their work.
    private static let oneRunPerSubject: [String] = [
        """
        UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = 'job.superseded'
        WHERE state = 'running' AND EXISTS (
          SELECT 1 FROM jobs AS other WHERE other.state = 'running' AND other.tenant_id = jobs.tenant_id
          AND other.subject = jobs.subject AND (other.run_at > jobs.run_at OR (other.run_at = jobs.run_at AND other.id > jobs.id)))
        """,
        "CREATE UNIQUE INDEX jobs_running ON jobs(tenant_id, subject) WHERE state = 'running'",
    ]

    /// 5: what the compliance report counts, kept on each submission as it changes, so a year is
    /// aggregated in SQL without reading a row out: the latest decision and whether it was Kopi's,
    /// the first card's time, and one row per finding code of the current check with its worst
    /// severity (0 green, 1 yellow, 2 red) and the submission's time. The current verdict becomes
    /// the latest check's by time.
    private static let reportSummary: [String] = [
        "ALTER TABLE submissions ADD COLUMN first_card_at {TIME}",
        "ALTER TABLE submissions ADD COLUMN decision {TEXT}",
        "ALTER TABLE submissions ADD COLUMN decided_by_kopi {INT} NOT NULL DEFAULT 0",
        """
        CREATE TABLE submission_flags (
          tenant_id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          code {TEXT} NOT NULL,
          severity {INT} NOT NULL,
          submitted_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, submission_id, code),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        // Both read by the report without touching a table row.
        "CREATE INDEX submission_flags_by_code ON submission_flags(tenant_id, code, submitted_at, severity)",
        """
        CREATE INDEX submissions_report ON submissions(
          tenant_id, submitted_at, verdict, decision, decided_by_kopi, first_card_at)
        """,
    ]

    /// Fills migration 5's summary from the history. On Postgres it runs as the schema owner over
    /// every tenant's rows: forced row-level security would otherwise show the owner (unless a
    /// superuser) none of them; it is forced again after, in the same transaction.
    static func reportSummaryBackfill(_ dialect: SQLDialect) -> [String] {
        switch dialect {
        case .sqlite:
            return render(summaryBackfill + [sqliteFlagsBackfill], .sqlite)
        case .postgres:
            let tables = ["submissions", "checks", "decisions", "card_messages", "submission_flags"]
            return tables.map { "ALTER TABLE \($0) NO FORCE ROW LEVEL SECURITY" }
                + render(summaryBackfill + [postgresFlagsBackfill], .postgres)
                + tables.map { "ALTER TABLE \($0) FORCE ROW LEVEL SECURITY" }
        }
    }

    private static let summaryBackfill: [String] = [
        """
        UPDATE submissions SET first_card_at = (
          SELECT MIN(m.sent_at) FROM card_messages m
          WHERE m.tenant_id = submissions.tenant_id AND m.submission_id = submissions.id)
        """,
        """
        UPDATE submissions SET (decision, decided_by_kopi) = (
          SELECT d.outcome, CASE WHEN d.approver = 'kopi' THEN 1 ELSE 0 END FROM decisions d
          WHERE d.tenant_id = submissions.tenant_id AND d.submission_id = submissions.id
          ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
        WHERE EXISTS (
          SELECT 1 FROM decisions d WHERE d.tenant_id = submissions.tenant_id AND d.submission_id = submissions.id)
        """,
        """
        UPDATE submissions SET verdict = (
          SELECT c.verdict FROM checks c WHERE c.tenant_id = submissions.tenant_id AND c.submission_id = submissions.id
          ORDER BY c.checked_at DESC, c.id DESC LIMIT 1)
        """,
    ]

    private static let latestCheckOnly = """
        c.id = (SELECT l.id FROM checks l WHERE l.tenant_id = c.tenant_id AND l.submission_id = c.submission_id
                ORDER BY l.checked_at DESC, l.id DESC LIMIT 1)
        """

    private static let sqliteFlagsBackfill = """
        INSERT INTO submission_flags (tenant_id, submission_id, code, severity, submitted_at)
        SELECT c.tenant_id, c.submission_id, json_extract(f.value, '$.code'),
          MAX(CASE json_extract(f.value, '$.severity') WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END),
          MAX(s.submitted_at)
        FROM checks c JOIN submissions s ON s.tenant_id = c.tenant_id AND s.id = c.submission_id,
          json_each(c.findings) f
        WHERE \(latestCheckOnly)
        GROUP BY c.tenant_id, c.submission_id, json_extract(f.value, '$.code')
        """

    private static let postgresFlagsBackfill = """
        INSERT INTO submission_flags (tenant_id, submission_id, code, severity, submitted_at)
        SELECT c.tenant_id, c.submission_id, f ->> 'code',
          MAX(CASE f ->> 'severity' WHEN 'red' THEN 2 WHEN 'yellow' THEN 1 ELSE 0 END), MAX(s.submitted_at)
        FROM checks c JOIN submissions s ON s.tenant_id = c.tenant_id AND s.id = c.submission_id
          CROSS JOIN LATERAL jsonb_array_elements(c.findings::jsonb) f
        WHERE \(latestCheckOnly)
        GROUP BY c.tenant_id, c.submission_id, f ->> 'code'
        """

    /// 4: history outlives its flow, and the audit trail has an order of its own. Flows are
    /// archived instead of deleted, and deleting one that has submissions is refused by the
    /// database; audit entries carry their workspace's sequence number, numbered here in the
    /// order they were written so far.
    private static let keptHistory: [String] = [
        "ALTER TABLE flows ADD COLUMN archived_at {TIME}",
        "ALTER TABLE audit_entries ADD COLUMN seq {INT} NOT NULL DEFAULT 0",
        """
        UPDATE audit_entries SET seq = (
          SELECT COUNT(*) FROM audit_entries earlier
          WHERE earlier.tenant_id = audit_entries.tenant_id
            AND (earlier.at < audit_entries.at OR (earlier.at = audit_entries.at AND earlier.id <= audit_entries.id)))
        """,
        "CREATE INDEX audit_by_sequence ON audit_entries(tenant_id, seq)",
    ]

    /// SQLite cannot change a foreign key in place; a trigger restricts instead.
    private static let sqliteFlowRestriction = [
        """
        CREATE TRIGGER flows_keep_history BEFORE DELETE ON flows
        WHEN EXISTS (SELECT 1 FROM submissions WHERE tenant_id = OLD.tenant_id AND flow_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: the flow has submissions'); END
        """
    ]

    private static let postgresFlowRestriction = [
        "ALTER TABLE submissions DROP CONSTRAINT submissions_tenant_id_flow_id_fkey",
        """
        ALTER TABLE submissions ADD CONSTRAINT submissions_flow_kept
          FOREIGN KEY (tenant_id, flow_id) REFERENCES flows(tenant_id, id) ON DELETE RESTRICT
        """,
    ]

    /// 3: the card lifecycle of Lark's real contract. Cards know their task and state; taps are
    /// recorded before Lark is answered (the callback token sealed); named leases keep the
    /// sweep to one instance; a job is deduplicated only while it waits, so an event that
    /// arrives while the same job runs queues another run instead of being lost.
    private static let cardLifecycle: [String] = [
        "ALTER TABLE card_messages ADD COLUMN task_id {TEXT} NOT NULL DEFAULT ''",
        "ALTER TABLE card_messages ADD COLUMN state {TEXT} NOT NULL DEFAULT 'open'",
        """
        CREATE TABLE card_taps (
          tenant_id {ID} NOT NULL,
          id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          approver {TEXT} NOT NULL,
          choice {TEXT} NOT NULL,
          message_id {TEXT} NOT NULL,
          update_token {BLOB},
          received_at {TIME} NOT NULL,
          state {TEXT} NOT NULL,
          failure {TEXT},
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX card_taps_by_submission ON card_taps(tenant_id, submission_id, received_at)",
        """
        CREATE TABLE leases (
          name {TEXT} PRIMARY KEY,
          owner {TEXT} NOT NULL,
          expires_at {TIME} NOT NULL)
        """,
        "DROP INDEX jobs_active",
        "CREATE UNIQUE INDEX jobs_waiting ON jobs(tenant_id, kind, subject) WHERE state = 'queued'",
    ]

    /// 2: the reads of the approvals list (by verdict) and the report and audit views (decisions
    /// by submission), found by `kopi bench dashboard`.
    private static let dashboardIndexes: [String] = [
        "CREATE INDEX decisions_by_submission ON decisions(tenant_id, submission_id, decided_at)",
        "CREATE INDEX submissions_by_verdict ON submissions(tenant_id, verdict, submitted_at)",
    ]

    private static func render(_ statements: [String], _ dialect: SQLDialect) -> [String] {
        let types: [(String, String, String)] = [
            ("{ID}", "uuid", "TEXT"), ("{TEXT}", "text", "TEXT"), ("{INT}", "bigint", "INTEGER"),
            ("{TIME}", "bigint", "INTEGER"), ("{BLOB}", "bytea", "BLOB"),
        ]
        return statements.map { statement in
            types.reduce(statement) { sql, type in
                sql.replacingOccurrences(of: type.0, with: dialect == .postgres ? type.1 : type.2)
            }
        }
    }

    private static func rowLevelSecurity(_ tables: [String]) -> [String] {
        tables.flatMap { table in
            [
                "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
                """
                CREATE POLICY tenant_isolation ON \(table)
                  USING (tenant_id = nullif(current_setting('kopi.tenant_id', true), '')::uuid)
                  WITH CHECK (tenant_id = nullif(current_setting('kopi.tenant_id', true), '')::uuid)
                """,
            ]
        }
            + [
                // A signing-in user may see their own memberships across workspaces, and nothing else.
                """
                CREATE POLICY member_self ON members FOR SELECT
                  USING (user_id = nullif(current_setting('kopi.user_id', true), '')::uuid)
                """
            ].filter { _ in tables.contains("members") }
    }

    private static let initial: [String] = [
        """
        CREATE TABLE tenants (
          id {ID} PRIMARY KEY,
          name {TEXT} NOT NULL,
          lark_domain {TEXT} NOT NULL,
          endpoint_id {TEXT} NOT NULL UNIQUE,
          created_at {TIME} NOT NULL)
        """,
        """
        CREATE TABLE users (
          id {ID} PRIMARY KEY,
          email {TEXT} NOT NULL UNIQUE,
          google_subject {TEXT} UNIQUE,
          created_at {TIME} NOT NULL)
        """,
        """
        CREATE TABLE members (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          user_id {ID} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          role {TEXT} NOT NULL,
          joined_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, user_id))
        """,
        "CREATE INDEX members_by_user ON members(user_id)",
        """
        CREATE TABLE lark_connections (
          tenant_id {ID} PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
          app_id {TEXT} NOT NULL,
          app_secret {BLOB} NOT NULL,
          encrypt_key {BLOB} NOT NULL,
          verification_token {BLOB} NOT NULL,
          updated_at {TIME} NOT NULL)
        """,
        """
        CREATE TABLE policies (
          tenant_id {ID} PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
          settings {TEXT} NOT NULL)
        """,
        """
        CREATE TABLE flows (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          id {ID} NOT NULL,
          approval_code {TEXT} NOT NULL,
          name {TEXT} NOT NULL,
          mapping {TEXT} NOT NULL,
          subscribed {INT} NOT NULL,
          created_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          UNIQUE (tenant_id, approval_code))
        """,
        """
        CREATE TABLE submissions (
          tenant_id {ID} NOT NULL,
          id {ID} NOT NULL,
          flow_id {ID} NOT NULL,
          instance_code {TEXT} NOT NULL,
          status {TEXT} NOT NULL,
          verdict {TEXT},
          category {TEXT},
          vendor_key {TEXT},
          currency {TEXT},
          amount_minor {INT},
          body {TEXT} NOT NULL,
          submitted_at {TIME} NOT NULL,
          updated_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          UNIQUE (tenant_id, instance_code),
          FOREIGN KEY (tenant_id, flow_id) REFERENCES flows(tenant_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX submissions_by_time ON submissions(tenant_id, submitted_at)",
        "CREATE INDEX submissions_by_category ON submissions(tenant_id, currency, category, submitted_at)",
        "CREATE INDEX submissions_by_vendor ON submissions(tenant_id, vendor_key, submitted_at)",
        """
        CREATE TABLE extractions (
          tenant_id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          content_hash {TEXT} NOT NULL,
          invoice_key {TEXT},
          body {TEXT} NOT NULL,
          PRIMARY KEY (tenant_id, submission_id, content_hash),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX extractions_by_hash ON extractions(tenant_id, content_hash)",
        "CREATE INDEX extractions_by_invoice ON extractions(tenant_id, invoice_key)",
        """
        CREATE TABLE checks (
          tenant_id {ID} NOT NULL,
          id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          verdict {TEXT} NOT NULL,
          findings {TEXT} NOT NULL,
          checked_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX checks_by_submission ON checks(tenant_id, submission_id, checked_at)",
        """
        CREATE TABLE decisions (
          tenant_id {ID} NOT NULL,
          id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          approver {TEXT} NOT NULL,
          outcome {TEXT} NOT NULL,
          decided_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE card_messages (
          tenant_id {ID} NOT NULL,
          submission_id {ID} NOT NULL,
          approver {TEXT} NOT NULL,
          message_id {TEXT} NOT NULL,
          sent_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, submission_id, approver),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE audit_entries (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          id {ID} NOT NULL,
          submission_id {ID},
          at {TIME} NOT NULL,
          actor {TEXT} NOT NULL,
          action {TEXT} NOT NULL,
          detail {TEXT} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          FOREIGN KEY (tenant_id, submission_id) REFERENCES submissions(tenant_id, id) ON DELETE CASCADE)
        """,
        "CREATE INDEX audit_by_submission ON audit_entries(tenant_id, submission_id, at)",
        """
        CREATE TABLE patterns (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          id {ID} NOT NULL,
          vendor_key {TEXT} NOT NULL,
          category {TEXT} NOT NULL,
          currency {TEXT} NOT NULL,
          lower_bound {INT} NOT NULL,
          upper_bound {INT} NOT NULL,
          approvals {INT} NOT NULL,
          rejections {INT} NOT NULL,
          last_decided_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, id),
          UNIQUE (tenant_id, vendor_key, category, currency))
        """,
        """
        CREATE TABLE inbox_events (
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          event_id {TEXT} NOT NULL,
          type {TEXT} NOT NULL,
          approval_code {TEXT},
          instance_code {TEXT},
          status {TEXT},
          received_at {TIME} NOT NULL,
          PRIMARY KEY (tenant_id, event_id))
        """,
        "CREATE INDEX inbox_by_time ON inbox_events(received_at)",
        """
        CREATE TABLE jobs (
          id {ID} PRIMARY KEY,
          tenant_id {ID} NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
          kind {TEXT} NOT NULL,
          subject {TEXT} NOT NULL,
          state {TEXT} NOT NULL,
          attempts {INT} NOT NULL,
          max_attempts {INT} NOT NULL,
          run_at {TIME} NOT NULL,
          lease_owner {TEXT},
          lease_expires_at {TIME},
          last_error {TEXT},
          created_at {TIME} NOT NULL)
        """,
        "CREATE UNIQUE INDEX jobs_active ON jobs(tenant_id, kind, subject) WHERE state IN ('queued', 'running')",
        "CREATE INDEX jobs_due ON jobs(run_at, created_at) WHERE state IN ('queued', 'running')",
        """
        CREATE TABLE magic_links (
          token_hash {BLOB} PRIMARY KEY,
          email {TEXT} NOT NULL,
          created_at {TIME} NOT NULL,
          expires_at {TIME} NOT NULL,
          consumed_at {TIME})
        """,
        "CREATE INDEX magic_links_by_email ON magic_links(email, created_at)",
        """
        CREATE TABLE sessions (
          id_hash {BLOB} PRIMARY KEY,
          user_id {ID} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          active_tenant_id {ID} REFERENCES tenants(id) ON DELETE SET NULL,
          created_at {TIME} NOT NULL,
          last_seen_at {TIME} NOT NULL)
        """,
        "CREATE INDEX sessions_by_user ON sessions(user_id)",
        """
        CREATE TABLE oauth_states (
          state_hash {BLOB} PRIMARY KEY,
          nonce {BLOB} NOT NULL,
          code_verifier {BLOB} NOT NULL,
          expires_at {TIME} NOT NULL)
        """,
    ]
}
