import ArgumentParser
import LambdaAWS

/// `--tracing Active|PassThrough` (the spelling Lambda uses).
extension TracingMode: ExpressibleByArgument {}
