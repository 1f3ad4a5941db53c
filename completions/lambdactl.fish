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
            __lambdactl_parse_subcommand 0 'binary=' 'dir=' 'product=' 'package-path=' 'build=' 'image=' 'swift-version=' 'docker-volume=+' 'no-strip' 'static-executable' 'quiet' 'v/verbose' 'include=+' 'arch=' 'runtime=' 'layer=+' 'o/output=' 'compression-level=' 'json' 'version' 'h/help'
        case 'doctor'
            __lambdactl_parse_subcommand 1 'layer=+' 'arch=' 'runtime=' 'json' 'version' 'h/help'
        case 'build-layer'
            __lambdactl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'python'
                __lambdactl_parse_subcommand 0 'python=' 'arch=' 'image=' 'o/output=' 'json' 'v/verbose' 'version' 'h/help'
            case 'dir'
                __lambdactl_parse_subcommand 1 'arch=' 'o/output=' 'json' 'v/verbose' 'version' 'h/help'
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
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_positional "lambdactl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" binary' -l 'binary' -d 'A prebuilt executable to package as bootstrap.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" dir' -l 'dir' -d 'A folder whose contents become the package root (with a bootstrap script or binary).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" product' -l 'product' -d 'A SwiftPM executable product to build and package as bootstrap.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" package-path' -l 'package-path' -d 'The Swift package holding --product (default: the current folder).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" build' -l 'build' -d 'Where --product is compiled: auto, native or docker.' -rfka 'auto native docker'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" image' -l 'image' -d 'Docker image for --build docker (default: swift:<version>-amazonlinux2).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" swift-version' -l 'swift-version' -d 'Swift version of the default docker image (default: the local toolchain\'s).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'docker-volume' -d 'An extra docker volume for --build docker, SRC:DST[:ro] (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" no-strip' -l 'no-strip' -d 'Keep the symbols in the --product binary (larger zip).'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" static-executable' -l 'static-executable' -d 'Link --product fully static (-Xswiftc -static-executable): no glibc version needs.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" quiet' -l 'quiet' -d 'Show the build\'s output only when it fails.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" v verbose' -s 'v' -l 'verbose' -d 'Print every external command before it runs.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'include' -d 'A file or folder to add, kept at its relative path (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" arch' -l 'arch' -d 'The function\'s architecture: the ELF files must match it.' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" runtime' -l 'runtime' -d 'The runtime the function runs on (sets the glibc limit).' -rfka 'provided.al2023 provided.al2'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package"' -l 'layer' -d 'A layer zip the function will run with, to check /opt paths and sizes (repeatable).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" o output' -s 'o' -l 'output' -d 'Where to write the zip (default: .lambdactl/<name>.zip).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" compression-level' -l 'compression-level' -d 'Deflate level, 0 (store) to 9 (smallest); default 6.' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl package" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl doctor"' -l 'layer' -d 'A layer zip the function runs with (repeatable).' -rfka ''
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
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" o output' -s 'o' -l 'output' -d 'Where to write the layer zip (default: .lambdactl/<name>-layer.zip).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" v verbose' -s 'v' -l 'verbose' -d 'Print every external command before it runs.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer python" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" arch' -l 'arch' -d 'Architecture its ELF files must have (default: that of the first one).' -rfka 'x86_64 arm64'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" o output' -s 'o' -l 'output' -d 'Where to write the layer zip (default: .lambdactl/<name>-layer.zip).' -rfka ''
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" json' -l 'json' -d 'Print the report as one JSON object.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" v verbose' -s 'v' -l 'verbose' -d 'Print every external command before it runs.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" version' -l 'version' -d 'Show the version.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl build-layer dir" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'lambdactl' -n '__lambdactl_should_offer_completions_for_flags_or_options "lambdactl help" version' -l 'version' -d 'Show the version.'
