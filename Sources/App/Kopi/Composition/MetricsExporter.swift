import Application
import CoreMetrics
import Ports
import Prometheus

/// The process's Prometheus registry: ``KopiMetrics`` records into it, and ``render()`` writes
/// the text format, first setting the job gauges from the queue (they are counted at scrape time,
/// across instances, not kept by each process).
struct MetricsExporter: Sendable {
    let registry = PrometheusCollectorRegistry()
    let metrics: KopiMetrics
    private let jobs: any JobQueue

    init(jobs: any JobQueue) {
        self.jobs = jobs
        var factory = PrometheusMetricsFactory(registry: registry)
        // An ack is milliseconds; an AI call, a job or a Lark call with its retries can take a minute.
        factory.durationHistogramBuckets["kopi_lark_push_ack_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
        ]
        let long: [Duration] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        ]
        for label in [
            "kopi_ai_call_seconds", "kopi_job_run_seconds", "kopi_job_wait_seconds", "kopi_lark_call_seconds",
        ] {
            factory.durationHistogramBuckets[label] = long
        }
        metrics = KopiMetrics(factory: factory)
    }

    /// The exposition text; if the queue cannot be read, the job gauges keep their last values.
    func render() async -> String {
        if let counts = try? await jobs.countsByKind() { metrics.jobCounts(counts) }
        return registry.emitToString()
    }
}
