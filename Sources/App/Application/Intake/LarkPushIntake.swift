public import Domain
import Foundation
public import Ports

/// Takes a push from Lark into Kopi. For a push off the wire: the tenant and its push keys by
/// endpoint id (``PushKeyCache``, else one read), the signature, decryption, Verification Token
/// and challenge (the ``LarkPushAuthenticator``), then in one tenant transaction the inbox insert
/// on the UNIQUE (tenant, event id) and the work the event asks for (``EventRoute``): a job for
/// an event of a monitored flow, none for any other definition, and for a card tap the recorded
/// tap and its job. Events other than taps are written by ``IntakeGroupCommit``, many to a
/// transaction under load; one found in ``RecentEventIDs`` (a redelivery) is answered as a
/// duplicate with no transaction. A rejected push leaves nothing behind. Nothing here calls Lark, so
/// taps are answered well inside Lark's 3 seconds.
public struct LarkPushIntake: Sendable {
    let storage: any Storage
    let authenticator: any LarkPushAuthenticator
    let runtime: Runtime
    let bell: JobBell
    let keys: PushKeyCache
    let watchedFlows: MonitoredFlowCache
    let recentEvents: RecentEventIDs
    let groupCommit: IntakeGroupCommit

    public enum Outcome: Sendable {
        case challenge(String)
        /// `monitored` is nil for a duplicate: its flow is not looked up again.
        case stored(LarkEvent, inserted: Bool, monitored: Bool?)
        case tapped(LarkEvent, CardTapRecorder.Recorded)
    }

    /// A push as it arrived: authenticated before anything is stored. Throws
    /// ``LarkPushRejection`` for a push that does not authenticate or parse.
    public func accept(_ push: LarkPushRequest, endpoint: EndpointID) async throws -> (TenantID, Outcome) {
        let (tenant, opened) = try await authenticate(push, endpoint: endpoint)
        switch opened {
        case .challenge(let challenge, _):
            return (tenant, .challenge(challenge))
        case .event(let event):
            return (tenant, try await accept(event, tenant: tenant))
        }
    }

    /// An authenticated event: one off the wire, or one from a source that authenticates its own
    /// (the demo's simulated Lark). A tap has a transaction of its own; any other event is
    /// group-committed, unless it is a redelivery of one stored lately.
    public func accept(_ event: LarkEvent, tenant: TenantID) async throws -> Outcome {
        let now = runtime.clock.now()
        let outcome: Outcome
        if EventRoute.isCardTap(event) {
            outcome = try await storage.withTenant(tenant) { try await recordTap(event, scope: $0, now: now) }
        } else if recentEvents.contains(event.id, tenant: tenant) {
            outcome = .stored(event, inserted: false, monitored: nil)
        } else {
            outcome = try await groupCommit.record(event, tenant: tenant, receivedAt: now, storage: storage) {
                [self] items, scope in try await record(items, scope: scope)
            }
            recentEvents.remember(event.id, tenant: tenant)
        }
        ringIfQueued(outcome)
        return outcome
    }

    /// Opens the push with the cached keys; if they fail, once more with keys read afresh (a
    /// key rotated through another process).
    private func authenticate(_ push: LarkPushRequest, endpoint: EndpointID) async throws -> (TenantID, LarkPush) {
        if let cached = keys.entry(endpoint) {
            do {
                return try open(push, with: cached)
            } catch LarkPushRejection.unauthenticated {}
        }
        return try open(push, with: try await load(endpoint))
    }

    private func open(_ push: LarkPushRequest, with entry: PushKeyCache.Entry) throws -> (TenantID, LarkPush) {
        guard let pushKeys = entry.keys else { throw LarkPushRejection.unauthenticated }
        return (entry.tenantID, try authenticator.open(push, keys: pushKeys))
    }

    private func load(_ endpoint: EndpointID) async throws -> PushKeyCache.Entry {
        guard let tenant = try await storage.directory.tenant(endpointID: endpoint) else {
            throw LarkPushRejection.unauthenticated
        }
        let connection = try await storage.withTenant(tenant.id) { scope in try await scope.tenant.larkConnection() }
        return keys.store(endpoint, tenantID: tenant.id, keys: connection?.pushKeys)
    }

    /// Events of one tenant in one transaction: the inbox insert and the jobs of the events it
    /// stored (one statement on Postgres), with a flow looked up once per approval code not known
    /// to be watched (``MonitoredFlowCache``).
    private func record(_ items: [(LarkEvent, Date)], scope: any TenantScope) async throws -> [Outcome] {
        var monitoredCodes: [String: Bool] = [:]
        var monitoredEvents: [String: Bool] = [:]
        var jobs: [String: Job] = [:]
        for (event, now) in items where monitoredEvents[event.id] == nil {
            var monitored = false
            if let code = event.approvalCode {
                if let known = monitoredCodes[code] {
                    monitored = known
                } else if watchedFlows.isWatched(code, tenant: scope.tenantID) {
                    monitored = true
                } else {
                    monitored = try await scope.approvals.flow(approvalCode: code) != nil
                    if monitored { watchedFlows.watched(code, tenant: scope.tenantID) }
                }
                monitoredCodes[code] = monitored
            }
            monitoredEvents[event.id] = monitored
            if monitored,
                let job = EventRoute.job(
                    for: event, tenant: scope.tenantID, id: runtime.randomness.timeOrderedIdentifier(at: now), now: now)
            {
                jobs[event.id] = job
            }
        }
        let stored = try await scope.record(items.map { inboxEvent($0.0, scope: scope, now: $0.1) }, jobs: jobs).stored
        // An id repeated in the batch is stored once, for its first event.
        var claimed: Set<String> = []
        return items.map { event, _ in
            guard stored.contains(event.id), claimed.insert(event.id).inserted else {
                return .stored(event, inserted: false, monitored: nil)
            }
            return .stored(event, inserted: true, monitored: monitoredEvents[event.id] ?? false)
        }
    }

    private func recordTap(_ event: LarkEvent, scope: any TenantScope, now: Date) async throws -> Outcome {
        let inserted = try await scope.inbox.insertIfAbsent(inboxEvent(event, scope: scope, now: now))
        guard inserted else {
            return .tapped(event, CardTapRecorder.Recorded(tone: .info, message: "Already recorded."))
        }
        let recorder = CardTapRecorder(publicURL: runtime.publicURL, randomness: runtime.randomness)
        return .tapped(event, try await recorder.record(event, scope: scope, now: now))
    }

    private func inboxEvent(_ event: LarkEvent, scope: any TenantScope, now: Date) -> InboxEvent {
        InboxEvent(
            tenantID: scope.tenantID, eventID: event.id, type: event.type, approvalCode: event.approvalCode,
            instanceCode: event.instanceCode, status: event.status, receivedAt: now)
    }

    private func ringIfQueued(_ outcome: Outcome) {
        switch outcome {
        case .stored(_, true, true): bell.ring()
        case .tapped(_, let recorded) where recorded.queued: bell.ring()
        default: break
        }
    }
}
