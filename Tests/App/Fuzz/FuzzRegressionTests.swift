import Adapters
import Domain
import Foundation
import FuzzTargets
import Testing

/// Every seed of the fuzz corpus, and every input a fuzzer ever crashed on (kept under
/// `Tests/Fuzz/regressions/<target>/`), runs through its target on each test run.
@Suite("Fuzz corpus and regressions")
struct FuzzRegressionTests {
    static let root = PackageRoot.url.appendingPathComponent("Tests/Fuzz")

    static func inputs(_ target: FuzzTarget) -> [URL] {
        ["corpus", "regressions"].flatMap { folder in
            let directory = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            return
                ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
    }

    @Test("Each target takes its corpus and past findings without crashing", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let inputs = Self.inputs(target)
        #expect(!inputs.isEmpty, "the corpus seeds the fuzzer")
        for input in inputs { target.run(Array(try Data(contentsOf: input))) }
    }

    @Test("The push target reaches the event parser: a seed decrypts to an accepted approval event")
    func pushSeedIsDeep() throws {
        let seed = Self.root.appendingPathComponent("corpus/push/encrypted-instance")
        guard case .event(let event)? = FuzzTarget.openPush(Array(try Data(contentsOf: seed))) else {
            Issue.record("the seed did not open")
            return
        }
        #expect(event.type == "approval_instance" && event.status == "PENDING")
    }

    @Test("The instance target reaches the form: its seed is an instance with tasks and a readable claim")
    func instanceSeedIsDeep() throws {
        let seed = try Data(contentsOf: Self.root.appendingPathComponent("corpus/instance/answer"))
        let instance = try CurlLarkGateway.instance(answer: seed, instanceCode: "fuzz")
        #expect(instance.tasks.count == 1 && instance.form.count >= 5)
        #expect(
            ClaimReader(mapping: FormFieldMapping(amount: "amount", vendor: "vendor")).read(instance.form).lineItems
                .count == 1)
    }
}
