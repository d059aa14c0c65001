import Foundation

/// How each kind of record reads once a person is erased from it. The figures stay (amounts,
/// currencies, dates, categories, vendors, verdicts, outcomes, times); the person's id becomes
/// the pseudonym, and the free text they wrote or attached (line descriptions, file names) goes.
public enum PersonalDataErasure {
    /// A claim the person submitted.
    public static func claim(_ submission: Submission, as pseudonym: Pseudonym) -> Submission {
        var erased = submission
        erased.applicant = pseudonym.value
        erased.lineItems = submission.lineItems.map { item in
            var item = item
            item.description = nil
            return item
        }
        erased.attachments = submission.attachments.enumerated().map { index, facts in
            AttachmentFacts(
                fileName: erasedFileName(facts.fileName, index: index), mediaType: facts.mediaType, size: facts.size,
                contentHash: facts.contentHash, outcome: facts.outcome)
        }
        return erased
    }

    /// An extraction of one of the person's invoices: its line descriptions go; vendor, numbers,
    /// dates and amounts stay (duplicate detection and the figures read them).
    public static func extraction(_ extraction: InvoiceExtraction) -> InvoiceExtraction {
        var erased = extraction
        erased.lineItems = extraction.lineItems.map { ExtractedLine(description: nil, amount: $0.amount) }
        return erased
    }

    /// An audit entry: the person as actor becomes the pseudonym, and so does every mention of
    /// them in its detail. Nil when the entry does not name the person.
    public static func auditEntry(_ entry: AuditEntry, person: PersonReference, as pseudonym: Pseudonym)
        -> AuditEntry?
    {
        let value = person.storedValue
        let namesActor = entry.actor == person.actor
        guard namesActor || entry.detail.values.contains(where: { $0.contains(value) }) else { return nil }
        return AuditEntry(
            id: entry.id, tenantID: entry.tenantID, submissionID: entry.submissionID, at: entry.at,
            actor: namesActor ? pseudonym.actor(replacing: person) : entry.actor, action: entry.action,
            detail: entry.detail.mapValues { $0.replacingOccurrences(of: value, with: pseudonym.value) },
            sequence: entry.sequence)
    }

    /// Whether an audit entry names the person (as actor or in its detail).
    public static func names(_ entry: AuditEntry, _ person: PersonReference) -> Bool {
        entry.actor == person.actor || entry.detail.values.contains { $0.contains(person.storedValue) }
    }

    /// `erased-1.pdf`: the position and the extension, nothing of the name.
    static func erasedFileName(_ name: String, index: Int) -> String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let ext = parts.count > 1 ? parts[parts.count - 1].lowercased() : ""
        let safe = ext.count <= 8 && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return "erased-\(index + 1)" + (safe && !ext.isEmpty ? "." + ext : "")
    }
}
