public import Domain
public import Ports

/// The reader used when no Anthropic key is configured: every read fails as not configured, so
/// cards go out with "invoice not verified" and the job can re-check once a key is set.
public struct UnconfiguredInvoiceReader: InvoiceReader {
    public init() {}

    public func read(_ attachment: borrowing FetchedAttachment, formSummary: String?) async throws(InvoiceReaderError)
        -> InvoiceExtraction
    {
        throw InvoiceReaderError(.notConfigured)
    }
}
