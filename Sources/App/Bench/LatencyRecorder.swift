import Application
import Domain
import Foundation

/// Collects per-operation latencies and reports throughput and percentiles.
struct LatencyRecorder: Sendable {
    private(set) var samples: [Duration] = []

    mutating func record(_ duration: Duration) { samples.append(duration) }
    mutating func merge(_ other: LatencyRecorder) { samples += other.samples }

    func percentile(_ p: Double) -> Duration {
        guard !samples.isEmpty else { return .zero }
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    func summary(name: String, elapsed: Duration) -> String {
        let seconds = elapsed.timeInterval
        let rate = seconds > 0 ? Double(samples.count) / seconds : 0
        func ms(_ d: Duration) -> String {
            String(format: "%.3f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return String(
            format: "%@: %d ops in %.2f s = %.0f ops/s; latency p50 %@ ms, p99 %@ ms, max %@ ms", name, samples.count,
            seconds, rate, ms(percentile(0.5)), ms(percentile(0.99)), ms(samples.max() ?? .zero))
    }

    /// Percentiles only, for work timed inside a larger loop.
    func latencySummary(name: String) -> String {
        func ms(_ d: Duration) -> String {
            String(format: "%.3f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return
            "\(name): \(samples.count) samples; latency p50 \(ms(percentile(0.5))) ms, p99 \(ms(percentile(0.99))) ms, max \(ms(samples.max() ?? .zero)) ms"
    }

    /// Peak resident set size of a process (this one by default), from /proc (Linux).
    static func peakRSSMegabytes(process: String = "self") -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }
}
