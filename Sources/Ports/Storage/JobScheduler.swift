public import Domain

/// Enqueues jobs inside a tenant transaction, so an event and its job commit together.
public protocol JobScheduler: Sendable {
    /// Stores a queued job. Returns false, storing nothing, when a job of the same kind and
    /// subject is waiting (queued) for this tenant. A running one does not count: it may have
    /// read Lark before the event that asks again, so another run is queued.
    /// Throws ``StoreError/tenantMismatch`` when the job names another tenant.
    func enqueue(_ job: Job) async throws -> Bool
    func job(_ id: JobID) async throws -> Job?
    /// This tenant's jobs in a state, newest first.
    func jobs(in state: Job.State, limit: Int) async throws -> [Job]
}
