public import Domain

/// Enqueues jobs inside a tenant transaction, so an event and its job commit together.
public protocol JobScheduler: Sendable {
    /// Stores a queued job. Returns false, storing nothing, when a job of the same kind and
    /// subject is waiting (queued) for this tenant. A running one does not count: it may have
    /// read Lark before the event that asks again, so another run is queued.
    /// Throws ``StoreError/tenantMismatch`` when the job names another tenant.
    func enqueue(_ job: Job) async throws -> Bool
    /// Stores each job as ``enqueue(_:)-(Job)`` would one by one, in order (so of two jobs of one
    /// kind and subject only the first); returns the ids stored.
    func enqueue(_ jobs: [Job]) async throws -> Set<JobID>
    func job(_ id: JobID) async throws -> Job?
    /// This tenant's jobs in a state, newest first.
    func jobs(in state: Job.State, limit: Int) async throws -> [Job]
}

extension JobScheduler {
    public func enqueue(_ jobs: [Job]) async throws -> Set<JobID> {
        var stored: Set<JobID> = []
        for job in jobs where try await enqueue(job) { stored.insert(job.id) }
        return stored
    }
}
