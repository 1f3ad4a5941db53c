function __lambdactl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lambdactl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __lambdactl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __lambdactl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __lambdactl_parse_tokens -S
    set -l unparsed_tokens (__lambdactl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'lambdactl'
        __lambdactl_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'package'
            __lambdactl_parse_subcommand 0 'binary=' 'dir=' 'product=' 'package-path=' 'build=' 'swift-sdk=' 'image=' 'swift-version=' 'docker-volume=+' 'no-strip' 'static-executable' 'no-static-executable' 'quiet' 'v/verbose' 'include=+' 'exclude=+' 'arch=' 'runtime=' 'layer=+' 'o/output=' 'compression-level=' 'json' 'version' 'h/help'
        case 'doctor'
            __lambdactl_parse_subcommand 1 'layer=+' 'arch=' 'runtime=' 'json' 'version' 'h/help'
        case 'build-layer'
            __lambdactl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'python'
                __lambdactl_parse_subcommand 0 'python=' 'arch=' 'image=' 'o/output=' 'json' 'publish=' 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'version' 'h/help'
            case 'dir'
                __lambdactl_parse_subcommand 1 'arch=' 'o/output=' 'json' 'publish=' 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'version' 'h/help'
            end
        case 'deploy'
            __lambdactl_parse_subcommand 0 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'function=' 'zip=' 'arch=' 'runtime=' 'role=' 'create-role' 'layer=+' 'memory=' 'timeout=' 'env=+' 'env-file=' 'tag=+' 'description=' 'tracing=' 'ephemeral-storage=' 'log-retention-days=' 's3-bucket=' 'url' 'auth=' 'publish' 'alias=' 'dry-run' 'json' 'version' 'h/help'
        case 'url-config'
            __lambdactl_parse_subcommand 1 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'qualifier=' 'invoke-mode=' 'auth=' 'cors-origin=+' 'show' 'dry-run' 'json' 'version' 'h/help'
        case 'delete'
            __lambdactl_parse_subcommand 1 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'role' 'logs' 'y/yes' 'dry-run' 'json' 'version' 'h/help'
        case 'tail'
            __lambdactl_parse_subcommand 1 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'since=' 'f/follow' 'filter=' 'request-id=' 'qualifier=' 'log-group=' 'stats' 'color=' 'json' 'version' 'h/help'
        case 'serve'
            __lambdactl_parse_subcommand 1 'dir=' 'binary=' 'layer=+' 'port=' 'host=' 'invoke-mode=' 'timeout=' 'memory=' 'env=+' 'concurrency=' 'name=' 'handler=' 'isolation=' 'arch=' 'watch' 'throttle' 'version' 'h/help'
        case 'invoke'
            __lambdactl_parse_subcommand 1 'local' 'port=' 'host=' 'data=' 'data-file=' 'url-event' 'event=' 'logs' 'qualifier=' 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'version' 'h/help'
        case 'verify-url'
            __lambdactl_parse_subcommand 1 'function=' 'qualifier=' 'path=' 'iam' 'aws=' 'profile=' 'region=' 'endpoint-url=' 'v/verbose' 'data=' 'data-file=' 'method=' 'header=+' 'expect-status=' 'expect-header=+' 'min-chunks=' 'min-spread-ms=' 'expect-lines=' 'max-first-byte-ms=' 'timeout=' 'insecure' 'ca-file=' 'json' 'format=' 'version' 'h/help'
        case 'init'
            __lambdactl_parse_subcommand 1 'template=' 'arch=' 'output-dir=' 'runtime-path=' 'runtime-url=' 'runtime-version=' 'version' 'h/help'
        case 'config'
            __lambdactl_parse_subcommand 0 'json' 'version' 'h/help'
        case 'events'
            __lambdactl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __lambdactl_parse_subcommand 0 'json' 'version' 'h/help'
            case 'show'
                __lambdactl_parse_subcommand 1 'data=' 'data-file=' 'version' 'h/help'
            end
        case 'help'
            __lambdactl_parse_subcommand -r 1 'version'
        end
    end
end

function __lambdactl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __lambdactl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __lambdactl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __lambdactl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__lambdactl_tokens -p)
    if test -z "$(__lambdactl_tokens -t)"
        set -l index (count (__lambdactl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'lambdactl' -f
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'package' -d 'Write a checked, reproducible deployment zip for provided.al2023.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'doctor' -d 'Check an existing deployment zip (and its layers) for what would fail on Lambda.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'build-layer' -d 'Build a checked layer zip: Python from Amazon Linux 2023, or any folder.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'deploy' -d 'Create or update a Lambda function from a zip, idempotently, through your aws CLI v2.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'url-config' -d 'Create or update a function\'s URL (RESPONSE_STREAM by default) and its permissions, idempotently.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'delete' -d 'Delete a function with its Function URLs and the permissions lambdactl added (and, on request, its role and logs).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'tail' -d 'Show a function\'s CloudWatch logs (filter-log-events), with a compact line per REPORT.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'serve' -d 'Run a function locally and stream its responses as Lambda would, without docker.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'invoke' -d 'Invoke a function with response streaming and print each chunk as it arrives.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'verify-url' -d 'Request a Function URL and fail unless the response really streams.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'init' -d 'Create a new function project (Swift or Python) with its lambdactl.toml.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'config' -d 'Print the settings from lambdactl.toml merged with the defaults, and where each came from.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'events' -d 'List and print the sample events of AWS services (for invoke --event).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" binary' -l 'binary' -d 'A prebuilt executable to package as bootstrap.' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" dir' -l 'dir' -d 'A folder whose contents become the package root (with a bootstrap script or binary).' -rfa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" product' -l 'product' -d 'A SwiftPM executable product to build and package as bootstrap.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" package-path' -l 'package-path' -d 'The Swift package holding --product (default: the current folder).' -rfa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" build' -l 'build' -d 'Where --product is compiled: auto, native, docker or swift-sdk (an installed Swift SDK such as the Static Linux SDK, no docker).' -rfka 'auto native docker swift-sdk'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" swift-sdk' -l 'swift-sdk' -d 'The Swift SDK for --build swift-sdk: an ID from `swift sdk list` or a target triple (default: the Static Linux SDK\'s aarch64-swift-linux-musl for --arch arm64, x86_64-swift-linux-musl for x86_64). With --build auto it means --build swift-sdk.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" image' -l 'image' -d 'Docker image for --build docker (default: swift:<version>-amazonlinux2).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" swift-version' -l 'swift-version' -d 'Swift version of the default docker image (default: the local toolchain\'s).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'docker-volume' -d 'An extra docker volume for --build docker, SRC:DST[:ro] (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" no-strip' -l 'no-strip' -d 'Keep the symbols in the --product binary (larger zip).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" static-executable' -l 'static-executable' -d 'Link --product fully static (-Xswiftc -static-executable): no glibc version needs and the fastest cold start. --no-static-executable links glibc dynamically (--static-swift-stdlib only).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" no-static-executable' -l 'no-static-executable' -d 'Link --product fully static (-Xswiftc -static-executable): no glibc version needs and the fastest cold start. --no-static-executable links glibc dynamically (--static-swift-stdlib only).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" quiet' -l 'quiet' -d 'Show the build\'s output only when it fails.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" v verbose' -s 'v' -l 'verbose' -d 'Print every external command before it runs.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'include' -d 'A file or folder to add, kept at its relative path (repeatable).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'exclude' -d 'Leave out of --dir what matches: a name at any depth (README.md, *.md), or a path from its top when it has a / (docs/*.md) (repeatable; default: [build] exclude).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" arch' -l 'arch' -d 'The function\'s architecture: the ELF files must match it (default: lambdactl.toml, else x86_64).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" runtime' -l 'runtime' -d 'The runtime the function runs on, which sets the glibc limit (default: lambdactl.toml, else provided.al2023).' -rfka 'provided.al2023 provided.al2'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'layer' -d 'A layer zip the function will run with, to check /opt paths and sizes (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" o output' -s 'o' -l 'output' -d 'Where to write the zip (default: .lambdactl/<name>.zip).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" compression-level' -l 'compression-level' -d 'Deflate level, 0 (store) to 9 (smallest); default 6.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl doctor" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor"' -l 'layer' -d 'A layer zip the function runs with (repeatable).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor" arch' -l 'arch' -d 'The function\'s architecture (default: that of the bootstrap binary).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor" runtime' -l 'runtime' -d 'The runtime the function runs on (sets the glibc limit).' -rfka 'provided.al2023 provided.al2'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl build-layer" -eq 1' -fa 'python' -d 'Extract Python from the Amazon Linux 2023 image into a layer (needs docker).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl build-layer" -eq 1' -fa 'dir' -d 'Zip a folder (bin/, lib/, python/ ...) as a layer, with the package checks.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" python' -l 'python' -d 'Python version to extract.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" arch' -l 'arch' -d 'Architecture of the layer (must match the function\'s).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" image' -l 'image' -d 'The Amazon Linux 2023 image to extract from.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" o output' -s 'o' -l 'output' -d 'Where to write the layer zip (default: .lambdactl/<name>-layer.zip).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" publish' -l 'publish' -d 'Publish the zip as a new version of this layer through your aws CLI, and print its ARN.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl build-layer dir" -eq 1' -fa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" arch' -l 'arch' -d 'Architecture its ELF files must have (default: that of the first one).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" o output' -s 'o' -l 'output' -d 'Where to write the layer zip (default: .lambdactl/<name>-layer.zip).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" publish' -l 'publish' -d 'Publish the zip as a new version of this layer through your aws CLI, and print its ARN.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" function' -l 'function' -d 'The function name (default: lambdactl.toml\'s, else the zip\'s file name without .zip).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" zip' -l 'zip' -d 'The deployment zip (default: .lambdactl/<function>.zip, else the only zip in .lambdactl/).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" arch' -l 'arch' -d 'The function\'s architecture (default: the bootstrap binary\'s, else x86_64).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" runtime' -l 'runtime' -d 'The runtime (default: lambdactl.toml\'s, else an existing function\'s, else provided.al2023).' -rfka 'provided.al2023 provided.al2'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" role' -l 'role' -d 'The execution role for a new function.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" create-role' -l 'create-role' -d 'Create (or reuse) the role lambdactl-<function> with AWSLambdaBasicExecutionRole for a new function.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy"' -l 'layer' -d 'A layer version ARN to attach, or a layer zip to publish and attach (repeatable, in order).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" memory' -l 'memory' -d 'Memory in MB (128-10240).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" timeout' -l 'timeout' -d 'Timeout in seconds (1-900).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy"' -l 'env' -d 'An environment variable (repeatable); given at all, the list replaces the function\'s.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" env-file' -l 'env-file' -d 'A dotenv file of environment variables (KEY=VALUE lines); --env entries override it.' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy"' -l 'tag' -d 'A tag to set on the function (repeatable); tags not given are left alone.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" description' -l 'description' -d 'The function\'s description.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" tracing' -l 'tracing' -d 'X-Ray tracing: Active or PassThrough.' -rfka 'Active PassThrough'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" ephemeral-storage' -l 'ephemeral-storage' -d '/tmp size in MB (512-10240).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" log-retention-days' -l 'log-retention-days' -d 'Keep the function\'s logs this many days (1, 3, 5, 7, 14, 30, 60, 90, ... 3653); creates the log group if needed.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" s3-bucket' -l 's3-bucket' -d 'An S3 bucket for zips over 50 MB (uploaded as lambdactl/<function>/<sha256>.zip).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" url' -l 'url' -d 'Also make sure the function has a Function URL in RESPONSE_STREAM mode (see url-config).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" auth' -l 'auth' -d 'The URL\'s auth type with --url: AWS_IAM (signed callers) or NONE (public). Default: keep, AWS_IAM for a new URL.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" publish' -l 'publish' -d 'Publish a version (described by its CodeSha256) once code and configuration are in place; unchanged code publishes nothing new.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" alias' -l 'alias' -d 'Create or move this alias to the published version (implies --publish; --url then configures the alias\'s URL).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" dry-run' -l 'dry-run' -d 'Print the aws commands that would change something, and change nothing.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" json' -l 'json' -d 'Print the summary as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl deploy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" alias qualifier' -l 'qualifier' -l 'alias' -d 'The alias (or version) whose URL this is; its permissions get the same qualifier.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" invoke-mode' -l 'invoke-mode' -d 'RESPONSE_STREAM (chunks reach the caller as they are written) or BUFFERED (default: lambdactl.toml\'s, else RESPONSE_STREAM).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" auth' -l 'auth' -d 'AWS_IAM (callers sign with SigV4) or NONE (public). Default: keep the URL\'s, AWS_IAM for a new URL.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config"' -l 'cors-origin' -d 'An origin allowed by CORS (repeatable); given at all, the list replaces the URL\'s.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" show' -l 'show' -d 'Only show the URL config and its permission statements; change nothing.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" dry-run' -l 'dry-run' -d 'Print the aws commands that would change something, and change nothing.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" json' -l 'json' -d 'Print the result as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl url-config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" role' -l 'role' -d 'Also delete the execution role, if lambdactl created it (deploy --create-role).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" logs' -l 'logs' -d 'Also delete the log group /aws/lambda/<function>.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" y yes' -s 'y' -l 'yes' -d 'Delete without asking (needed when not on a terminal).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" dry-run' -l 'dry-run' -d 'Print the aws commands that would delete something, and change nothing.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" json' -l 'json' -d 'Print the plan (and whether it ran) as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" since' -l 'since' -d 'How far back to start: 10m, 1h, 2d, or an ISO 8601 time.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" f follow' -s 'f' -l 'follow' -d 'Keep printing new lines as they arrive (Ctrl-C to stop).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" filter' -l 'filter' -d 'A CloudWatch Logs filter pattern (e.g. ERROR, or \'"exact phrase"\').' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" request-id' -l 'request-id' -d 'Only the lines of this invocation.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" alias qualifier' -l 'qualifier' -l 'alias' -d 'Only the events of this version or alias (streams named [version]).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" log-group' -l 'log-group' -d 'Read this log group instead of /aws/lambda/<function>.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" stats' -l 'stats' -d 'Print invocation totals (count, cold starts, durations, memory) at the end.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" color' -l 'color' -d 'auto (colour on a terminal unless NO_COLOR is set), always, or never.' -rfka 'auto always never'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" json' -l 'json' -d 'Print one JSON object per line ({timestamp, stream, message, report}).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl tail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl serve" -eq 1' -fa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" dir' -l 'dir' -d 'Serve a folder as the code (/var/task) instead of a zip; edits show on the next cold start.' -rfa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" binary' -l 'binary' -d 'Serve one executable as bootstrap.' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve"' -l 'layer' -d 'A layer zip (or an unpacked layer folder), merged into /opt in the order given (repeatable, at most 5).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'zip\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" port' -l 'port' -d 'Port of the fronts on --host; 0 picks a free one (printed at start).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" host' -l 'host' -d 'Address to listen on. Anything but 127.0.0.1 exposes the function to your network.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" invoke-mode' -l 'invoke-mode' -d 'Function URL mode: RESPONSE_STREAM (chunks forwarded as they arrive) or BUFFERED (payload 2.0 rules).' -rfka 'BUFFERED RESPONSE_STREAM'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" timeout' -l 'timeout' -d 'Seconds an invocation may run before its process is killed, as the function\'s Timeout.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" memory' -l 'memory' -d 'Memory size in MB (128-10240), reported in REPORT lines and AWS_LAMBDA_FUNCTION_MEMORY_SIZE.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve"' -l 'env' -d 'An environment variable for the function (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" concurrency' -l 'concurrency' -d 'How many execution environments may run at once; more requests queue.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" name' -l 'name' -d 'Function name: AWS_LAMBDA_FUNCTION_NAME and the NAME the Invoke paths accept.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" handler' -l 'handler' -d '_HANDLER given to the runtime.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" isolation' -l 'isolation' -d 'auto (namespace when possible), namespace, bwrap or none (run from the unpacked folders).' -rfka 'auto namespace bwrap none'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" arch' -l 'arch' -d 'The function\'s architecture (default: lambdactl.toml, else what its bootstrap is built for). Another than this machine\'s runs through QEMU (binfmt_misc).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" watch' -l 'watch' -d 'Reload when the function\'s folder (--dir, else [build] dir) changes, or rebuild and reload the project\'s Swift product ([build] product) when its package changes: running invocations finish on the old code, the next one cold-starts the new; a failed build or check keeps the old code serving.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" throttle' -l 'throttle' -d 'Stream at Lambda\'s rate: the first 6 MB at full speed, then 2 MB/s (shows the throughput a deployed function gets).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" local' -l 'local' -d 'Invoke the function run by `lambdactl serve` on this machine.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" port' -l 'port' -d 'Port of `lambdactl serve` (with --local).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" host' -l 'host' -d 'Host of `lambdactl serve` (with --local).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" data' -l 'data' -d 'The event, as JSON text (default {}).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" data-file' -l 'data-file' -d 'Read the event from a file (\'-\' for stdin).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" url-event' -l 'url-event' -d 'Wrap the data in a Function URL (payload 2.0) event as its body, and strip the HTTP-integration prelude from the output (its status goes to stderr). The same as --event function-url.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" event' -l 'event' -d 'Send the sample event of an AWS service, with --data in its place (lambdactl events list).' -rfka 'function-url apigw-v2 apigw-v1 sqs sns s3 eventbridge schedule'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" logs' -l 'logs' -d 'Print the invocation\'s log (LogResult: START ... REPORT) on stderr at the end.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" alias qualifier' -l 'qualifier' -l 'alias' -d 'Version or alias of the deployed FUNCTION.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl invoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" function' -l 'function' -d 'Look the URL up from this function\'s URL config instead.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" alias qualifier' -l 'qualifier' -l 'alias' -d 'With --function: the alias (or version) whose URL to request.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" path' -l 'path' -d 'A path and query to append to the function\'s URL (with --function).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" iam' -l 'iam' -d 'Sign the request with SigV4 (service lambda) for an AWS_IAM Function URL.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" aws' -l 'aws' -d 'The aws CLI v2 to run (default: $LAMBDACTL_AWS, else aws on PATH).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" profile' -l 'profile' -d 'The aws CLI profile (passed as --profile; default: AWS_PROFILE or the default profile).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" region' -l 'region' -d 'The AWS region (passed as --region; default: the profile\'s or AWS_REGION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" endpoint-url' -l 'endpoint-url' -d 'Send AWS calls to this endpoint instead (LocalStack, moto, ministack).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" v verbose' -s 'v' -l 'verbose' -d 'Print each aws command before it runs (on standard error, secrets redacted).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" data' -l 'data' -d 'Request body (sent with POST unless --method says otherwise).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" data-file' -l 'data-file' -d 'Read the request body from a file.' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" method' -l 'method' -d 'HTTP method (default: POST with a body, else GET).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url"' -l 'header' -d 'A request header, Name:Value (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" expect-status' -l 'expect-status' -d 'Fail unless the status is this.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url"' -l 'expect-header' -d 'Fail unless the response has this header, Name:Value (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" min-chunks' -l 'min-chunks' -d 'Fewest body reads that count as streamed (default: lambdactl.toml\'s, else 2).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" min-spread-ms' -l 'min-spread-ms' -d 'Shortest time between the first and last read that counts as streamed.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" expect-lines' -l 'expect-lines' -d 'Fail unless the body has exactly this many lines.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" max-first-byte-ms' -l 'max-first-byte-ms' -d 'Fail when the first body byte comes later than this.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" timeout' -l 'timeout' -d 'Give up after this many seconds.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" insecure' -l 'insecure' -d 'Do not verify the TLS certificate (for test servers only).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" ca-file' -l 'ca-file' -d 'Trust the CA certificates in this PEM file.' -rfa '(set -l exts \'pem\' \'crt\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" json' -l 'json' -d 'Print every figure as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" format' -l 'format' -d 'Output format: text, or github (workflow annotations).' -rfka 'text github'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl verify-url" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" template' -l 'template' -d 'The project template.' -rfka 'swift-stream swift-url python-stream'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" arch' -l 'arch' -d 'The function\'s architecture, written to lambdactl.toml ([function] arch).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" output-dir' -l 'output-dir' -d 'The folder to create (default: ./NAME); it must not exist or be empty.' -rfa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" runtime-path' -l 'runtime-path' -d 'Take LambdaRuntime from this lambdactl checkout (Swift templates; env LAMBDACTL_RUNTIME_PATH).' -rfa '(__lambdactl_complete_directories)'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" runtime-url' -l 'runtime-url' -d 'Take LambdaRuntime from this git repository (Swift templates; env LAMBDACTL_RUNTIME_URL).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" runtime-version' -l 'runtime-version' -d 'The lowest LambdaRuntime version to accept from git (default: this lambdactl\'s version; env LAMBDACTL_RUNTIME_VERSION).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl config" json' -l 'json' -d 'Print the settings as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl config" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl events" -eq 1' -fa 'list' -d 'Name each sample event and where --data goes in it.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl events" -eq 1' -fa 'show' -d 'Print one sample event as JSON, with --data in its place.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events list" json' -l 'json' -d 'Print a JSON array of {name, summary, takesData}.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events list" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl events show" -eq 1' -fka 'function-url apigw-v2 apigw-v1 sqs sns s3 eventbridge schedule'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events show" data' -l 'data' -d 'JSON to put where the service puts its payload.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events show" data-file' -l 'data-file' -d 'Read that JSON from a file (\'-\' for stdin).' -rF
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events show" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl events show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl help" version' -l 'version' -d 'Show the version.'
# lambdactl: the commands help takes.
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl help" -eq 1' -fa 'package doctor build-layer deploy url-config delete tail serve invoke verify-url init config events'
