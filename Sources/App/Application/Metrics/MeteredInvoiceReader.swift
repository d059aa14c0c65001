public import Domain
public import Ports

/// An ``InvoiceReader`` that counts and times every AI call by outcome (`ok`, or the
/// ``InvoiceReaderError`` kind).
public struct MeteredInvoiceReader: InvoiceReader {
    let base: any InvoiceReader
    let metrics: KopiMetrics

    public init(_ base: any InvoiceReader, metrics: KopiMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public func read(_ attachment: borrowing FetchedAttachment, formSummary: String?)
        async throws(InvoiceReaderError) -> InvoiceExtraction
    {
        let started = ContinuousClock.now
        do {
            let extraction = try await base.read(attachment, formSummary: formSummary)
            metrics.aiCall(outcome: "ok", took: ContinuousClock.now - started)
            return extraction
        } catch {
            metrics.aiCall(outcome: error.kind.rawValue, took: ContinuousClock.now - started)
            throw error
        }
    }
}
