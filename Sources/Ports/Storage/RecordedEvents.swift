public import Domain

/// What ``TenantScope/record(_:jobs:)`` stored: the event ids new to the inbox and the jobs
/// enqueued for them.
public struct RecordedEvents: Hashable, Sendable {
    public var stored: Set<String>
    public var enqueued: Set<JobID>

    public init(stored: Set<String>, enqueued: Set<JobID>) {
        self.stored = stored
        self.enqueued = enqueued
    }
}

extension TenantScope {
    public func record(_ events: [InboxEvent], jobs: [String: Job]) async throws -> RecordedEvents {
        try await recordInTwoSteps(events, jobs: jobs)
    }

    /// The inbox insert, then the jobs of the events it stored.
    public func recordInTwoSteps(_ events: [InboxEvent], jobs: [String: Job]) async throws -> RecordedEvents {
        guard jobs.values.allSatisfy({ $0.tenantID == tenantID }) else { throw StoreError.tenantMismatch }
        let stored = try await inbox.insertIfAbsent(events)
        var claimed: Set<String> = []
        let due = events.compactMap { event in
            stored.contains(event.eventID) && claimed.insert(event.eventID).inserted ? jobs[event.eventID] : nil
        }
        let enqueued = due.isEmpty ? [] : try await scheduler.enqueue(due)
        return RecordedEvents(stored: stored, enqueued: enqueued)
    }
}
