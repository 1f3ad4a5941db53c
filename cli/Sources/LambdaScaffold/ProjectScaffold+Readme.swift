extension ProjectScaffold {
    /// The project's own README: what the function does and the lambdactl commands that take it from
    /// this folder to a streaming Function URL. The templates' READMEs describe them inside the
    /// lambdactl repository (`../..`, its tests), which means nothing in a user's project.
    var readme: String {
        let sentence = InitTemplate.defaultSentence
        let event = #"{"sentence": "Hello streaming world"}"#
        var text = """
        # \(name)

        A streaming AWS Lambda function for the `provided.al2023` runtime (\(architecture.rawValue)), created by
        `lambdactl init --template \(template.rawValue)`. It streams one JSON line per word of the event's
        `sentence` (default "\(sentence)"), each as soon as it is written:

        ```
        {"word":"Hello","index":0,"total":2}
        {"word":"world","index":1,"total":2}
        ```

        The event is `\(event)` (`delay_ms`, 0 to 10000, sets the pause between words). Called
        through a Function URL, the same object is the request body. A body that is not that JSON gets
        an error that says what to send, and the function keeps serving.

        Every `lambdactl` command run in this folder reads `lambdactl.toml` (name, architecture, memory,
        Function URL settings); flags override it and `lambdactl config` shows the result.

        ## Files

        """
        switch template {
        case .pythonStream:
            text += """
            - `bootstrap`: what Lambda executes (mode 0755); it starts `runtime.py` with the Python 3.11 of
              the layer at `/opt`.
            - `runtime.py`: the custom runtime: it fetches each invocation from the Runtime API and streams
              the handler's lines back with HTTP chunked encoding.
            - `lambda_function.py`: the handler, a generator that yields one line per word.

            """
        case .swiftStream, .swiftURL:
            text += """
            - `Package.swift`: one executable product, `bootstrap` (the file name Lambda executes), and one
              dependency, `LambdaRuntime`, which depends on no other package.
            - `Sources/bootstrap/`: the handler (`main.swift`) and the event reader (`WordStreamRequest.swift`).
            - `Package.resolved` (after the first build): the exact runtime version; commit it, so that
              every build of this function uses what you tested.

            """
            if template == .swiftURL {
                text += """
                This template answers in the Function URL format: status and headers first (a prelude),
                then the lines.

                """
            }
        }
        text += """
        ## Package

        ```sh
        lambdactl package
        ```

        """
        if template.isSwift {
            text += """
            builds `bootstrap` for provided.al2023 (glibc 2.34, static Swift standard library) and writes
            `.lambdactl/\(name).zip`, checked before it is kept: `bootstrap` at the root with mode 0755,
            the ELF's architecture and libraries, the size limits. `lambdactl doctor .lambdactl/\(name).zip`
            runs the same checks again.

            """
        } else {
            text += """
            zips this folder into `.lambdactl/\(name).zip`, checked before it is kept (`bootstrap` 0755,
            its interpreter, the size limits). The function also needs Python 3.11 at `/opt`, as a layer:

            ```sh
            lambdactl build-layer python      # docker and the Amazon Linux 2023 image: \(pythonLayer)
            ```

            `lambdactl.toml` lists that zip under `[function] layers`, so `serve` and `deploy` use it, and
            leaves the project's own files (`lambdactl.toml`, `.gitignore`, this README) out of the zip.

            """
        }
        let urlFlag = template == .swiftURL ? " --url-event" : ""
        text += """
        ## Run it locally

        ```sh
        lambdactl serve          # another terminal: the Runtime API and both fronts on 127.0.0.1:9000
        lambdactl invoke --local --data '\(event)'\(urlFlag)
        curl -N -d '\(event)' http://127.0.0.1:9000/
        ```

        Each line arrives as it is written, as it will from Lambda.

        ## Deploy and check that it streams

        """
        text += """
        ```sh
        lambdactl deploy --create-role
        lambdactl url-config
        lambdactl verify-url
        ```

        `deploy` uses your `aws` CLI v2 (its profiles, SSO and region); `--create-role` makes a basic
        execution role the first time. `url-config` creates the Function URL with
        `invoke_mode = "RESPONSE_STREAM"`, and `verify-url` calls it and reports from the arrival times
        whether the lines streamed or came all at once.

        """
        if template.isSwift {
            let entry = runtimeDependency.entry
            text += """
            ## Where LambdaRuntime comes from

            `Package.swift` has `\(entry)`. `lambdactl init --runtime-path DIR` takes it from a lambdactl
            checkout, `--runtime-url URL --runtime-version X.Y.Z` from a git repository.

            """
        }
        return text
    }
}
