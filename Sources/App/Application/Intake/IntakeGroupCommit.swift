import Domain
import Foundation
import Ports
import Synchronization

/// Group commit for pushes: the events of one tenant that arrive while its transactions are being
/// written (``writersPerTenant`` at a time) wait and are written together in the next one, so under load a
/// transaction (and, on SQLite, the one connection's turn) is shared by many pushes, and when
/// idle a push is written at once, with no timer. An answer is given only after its transaction
/// committed. If a shared transaction fails, each of its events is written again on its own, so
/// one bad event never fails the others.
public final class IntakeGroupCommit: Sendable {
    /// The most events written in one transaction.
    public let batchLimit: Int
    /// Transactions of one tenant written at once: 1 where the database has one writer (SQLite),
    /// more where transactions overlap (Postgres: while one waits on its round trips and its
    /// commit, the next is written).
    public let writersPerTenant: Int
    private let state = Mutex<[TenantID: Queue]>([:])

    public init(batchLimit: Int = 128, writersPerTenant: Int = 1) {
        self.batchLimit = batchLimit
        self.writersPerTenant = max(1, writersPerTenant)
    }

    struct Pending: Sendable {
        let event: LarkEvent
        let receivedAt: Date
        let continuation: CheckedContinuation<LarkPushIntake.Outcome, any Error>
    }

    struct Queue {
        var pending: [Pending] = []
        var writers = 0
    }

    /// Writes `event` for `tenant` with `write`, alone or together with others. `write` is
    /// given the events of one transaction and answers each, in order.
    func record(
        _ event: LarkEvent, tenant: TenantID, receivedAt: Date, storage: any Storage,
        write: @escaping @Sendable ([(LarkEvent, Date)], any TenantScope) async throws -> [LarkPushIntake.Outcome]
    ) async throws -> LarkPushIntake.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { queues in
                queues[tenant, default: Queue()].pending.append(
                    Pending(event: event, receivedAt: receivedAt, continuation: continuation))
                guard queues[tenant]!.writers < writersPerTenant else { return false }
                queues[tenant]!.writers += 1
                return true
            }
            // The writer loop stays where the transactions run: between two batches it neither
            // hops back nor waits for a busy event loop.
            if leads {
                Task(executorPreference: storage.transactionExecutor) {
                    await self.drain(tenant, storage: storage, write: write)
                }
            }
        }
    }

    private func drain(
        _ tenant: TenantID, storage: any Storage,
        write: @escaping @Sendable ([(LarkEvent, Date)], any TenantScope) async throws -> [LarkPushIntake.Outcome]
    ) async {
        while let batch = next(tenant) {
            let items = batch.map { ($0.event, $0.receivedAt) }
            do {
                let outcomes = try await storage.withTenant(tenant) { scope in try await write(items, scope) }
                for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(returning: outcome) }
            } catch  where batch.count > 1 {
                for pending in batch {
                    do {
                        let outcome = try await storage.withTenant(tenant) { scope in
                            try await write([(pending.event, pending.receivedAt)], scope)
                        }
                        pending.continuation.resume(returning: outcome[0])
                    } catch {
                        pending.continuation.resume(throwing: error)
                    }
                }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }

    /// Events of the tenant waiting for the next transaction (for tests).
    func waiting(_ tenant: TenantID) -> Int { state.withLock { $0[tenant]?.pending.count ?? 0 } }

    /// The next batch of the tenant, or nil (and one writer fewer) when none waits.
    private func next(_ tenant: TenantID) -> [Pending]? {
        state.withLock { queues in
            guard var queue = queues[tenant], !queue.pending.isEmpty else {
                queues[tenant]?.writers -= 1
                if queues[tenant]?.writers == 0 { queues[tenant] = nil }
                return nil
            }
            let batch = Array(queue.pending.prefix(batchLimit))
            queue.pending.removeFirst(batch.count)
            queues[tenant] = queue
            return batch
        }
    }
}
