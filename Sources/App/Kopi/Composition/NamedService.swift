import ServiceLifecycle

/// A service under a short name, so the service group's log lines name it in a few words
/// instead of printing the whole value (the application's is several kilobytes).
struct NamedService: Service, CustomStringConvertible {
    let description: String
    let base: any Service

    func run() async throws { try await base.run() }
}
