public import Domain
public import Ports

/// Which reader reads a workspace's invoices: the configured AI, or another reader for a whole
/// Lark domain (the demo's deterministic reader for ``LarkDomain/demo``).
public struct InvoiceReaders: Sendable {
    public let standard: any InvoiceReader
    public var byDomain: [LarkDomain: any InvoiceReader] = [:]

    public init(standard: any InvoiceReader, byDomain: [LarkDomain: any InvoiceReader] = [:]) {
        self.standard = standard
        self.byDomain = byDomain
    }

    public func reader(for app: LarkApp) -> any InvoiceReader { byDomain[app.domain] ?? standard }
}
