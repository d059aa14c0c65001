/// The states an attachment passes through, and the only transitions allowed between them:
/// referenced → fetched (in memory) → read by the AI → discarded; or straight to discarded when it
/// cannot be fetched or read. Nothing leaves `discarded`, and only `discarded` is storable.
public enum AttachmentLifecycle: String, Sendable, CaseIterable {
    case referenced
    case fetched
    case read
    case discarded

    public func canMove(to next: AttachmentLifecycle) -> Bool {
        switch (self, next) {
        case (.referenced, .fetched), (.referenced, .discarded): true
        case (.fetched, .read), (.fetched, .discarded): true
        case (.read, .discarded): true
        default: false
        }
    }

    /// Whether anything about the attachment may be written down in this state: only the facts
    /// left after discarding, which carry no bytes.
    public var isStorable: Bool { self == .discarded }

    /// Whether raw bytes exist in memory in this state.
    public var holdsBytes: Bool { self == .fetched || self == .read }
}

/// Size limits applied while fetching, before anything reaches the AI.
public struct AttachmentLimits: Hashable, Sendable {
    public var maxFileBytes: Int
    public var maxSubmissionBytes: Int

    public init(maxFileBytes: Int = 20 * 1024 * 1024, maxSubmissionBytes: Int = 30 * 1024 * 1024) {
        self.maxFileBytes = maxFileBytes
        self.maxSubmissionBytes = maxSubmissionBytes
    }
}
