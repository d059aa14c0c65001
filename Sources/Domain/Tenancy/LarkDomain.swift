/// Which Open Platform deployment a tenant's app lives on: Lark, Feishu, or the simulated Lark
/// of a demo workspace (served inside Kopi's own process, never on the network).
public enum LarkDomain: String, Sendable, Codable, CaseIterable {
    case lark
    case feishu
    case demo

    /// The deployments a tenant can connect a real app on.
    public static let connectable: [LarkDomain] = [.lark, .feishu]

    /// The Open Platform API host for this deployment.
    public var openAPIHost: String {
        switch self {
        case .lark: "open.larksuite.com"
        case .feishu: "open.feishu.cn"
        // A reserved name that never resolves: demo calls are routed to the in-process fake.
        case .demo: "demo.invalid"
        }
    }
}
