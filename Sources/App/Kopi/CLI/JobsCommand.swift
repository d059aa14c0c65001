import Adapters
import ArgumentParser
import Domain
import Foundation
import Logging
import Ports

/// Dead letters from the command line: jobs that failed for good, with their stable error code
/// and when their last attempt failed; a retry queues the same job again with its history, a
/// discard deletes it.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List, retry or discard dead-lettered jobs.",
        subcommands: [List.self, Retry.self, Discard.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead-lettered jobs, the most recent first.")
        @Option(help: "At most this many.") var limit = 100

        func run() async throws {
            let dead = try await JobsCommand.withStorage { try await $0.jobs.deadJobs(limit: limit) }
            for line in JobsCommand.lines(dead) { print(line) }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue dead jobs again, keeping their history, with new attempts.")
        @Option(help: "Attempts granted to each job.") var attempts = 3
        @Argument(help: "Job ids, as `kopi jobs list` shows them.") var ids: [String]

        func run() async throws {
            try await JobsCommand.each(ids) { storage, id in
                let job = try await storage.jobs.retry(id, attempts: attempts, now: Date())
                return "retried \(job.id): queued with \(job.maxAttempts - job.attempts) attempt(s)"
            }
        }
    }

    struct Discard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete dead jobs.")
        @Argument(help: "Job ids, as `kopi jobs list` shows them.") var ids: [String]

        func run() async throws {
            try await JobsCommand.each(ids) { storage, id in
                try await storage.jobs.discard(id)
                return "discarded \(id)"
            }
        }
    }

    /// One line per job: id, workspace, kind, subject, attempts, error code, when it died.
    static func lines(_ jobs: [Job]) -> [String] {
        guard !jobs.isEmpty else { return ["no dead jobs"] }
        return jobs.map { job in
            [
                job.id.description, job.tenantID.description, job.kind.rawValue, job.subject,
                "attempts=\(job.attempts)", "error=\(job.lastError ?? "-")",
                "died=\(job.runAt.formatted(.iso8601))",
            ].joined(separator: " ")
        }
    }

    /// Runs `body` for every id, printing its line or why it failed; exits 1 if any failed.
    static func each(_ ids: [String], _ body: (SQLStorage, JobID) async throws -> String) async throws {
        let failed = try await withStorage { storage in
            var failed = 0
            for text in ids {
                guard let id = JobID(text) else {
                    print("\(text): not a job id")
                    failed += 1
                    continue
                }
                do {
                    print(try await body(storage, id))
                } catch StoreError.notFound {
                    print("\(text): no dead job has this id")
                    failed += 1
                } catch StoreError.conflict {
                    print("\(text): a run of the same job is already waiting; discard this one")
                    failed += 1
                }
            }
            return failed
        }
        if failed > 0 { throw ExitCode(1) }
    }

    static func withStorage<Result>(_ body: (SQLStorage) async throws -> Result) async throws -> Result {
        let configuration = try loadConfiguration(serving: false)
        let logger = Logger(label: "kopi.jobs")
        let storage = try await exitingOnConfigurationError {
            try await CompositionRoot.makeStorage(
                configuration, logger: logger, keyring: try MasterKeySource.keyring(for: configuration, logger: logger))
        }
        return try await storage.closing(after: body)
    }
}
