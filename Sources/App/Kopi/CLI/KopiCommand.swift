import ArgumentParser

struct KopiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kopi",
        abstract: "Kopi, the AI approval copilot for Lark and Feishu.",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MigrateCommand.self, ResealCommand.self, JobsCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
