#!/bin/bash

__lambdactl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__lambdactl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__lambdactl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__lambdactl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_lambdactl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __lambdactl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    package|doctor|build-layer|deploy|url-config|delete|tail|serve|invoke|verify-url|init|config|events|help)
        # Offer subcommand argument completions
        "_lambdactl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'package doctor build-layer deploy url-config delete tail serve invoke verify-url init config events help' -- "${cur}"))
        ;;
    esac
}

_lambdactl_package() {
    repeating_flags=()
    non_repeating_flags=(--no-strip --static-executable --no-static-executable --quiet -v --verbose --json --version -h --help)
    repeating_options=(--docker-volume --include --exclude --layer)
    non_repeating_options=(--binary --dir --product --package-path --build --swift-sdk --image --swift-version --arch --runtime -o --output --compression-level)
    __lambdactl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--binary')
        __lambdactl_add_completions -f
        return
        ;;
    '--dir')
        __lambdactl_add_completions -d
        return
        ;;
    '--product')
        return
        ;;
    '--package-path')
        __lambdactl_add_completions -d
        return
        ;;
    '--build')
        __lambdactl_add_completions -W 'auto'$'\n''native'$'\n''docker'$'\n''swift-sdk'
        return
        ;;
    '--swift-sdk')
        return
        ;;
    '--image')
        return
        ;;
    '--swift-version')
        return
        ;;
    '--docker-volume')
        return
        ;;
    '--include')
        __lambdactl_add_completions -f
        return
        ;;
    '--exclude')
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '--runtime')
        __lambdactl_add_completions -W 'provided.al2023'$'\n''provided.al2'
        return
        ;;
    '--layer')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '-o'|'--output')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--compression-level')
        return
        ;;
    esac
}

_lambdactl_doctor() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=(--layer)
    non_repeating_options=(--arch --runtime)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--layer')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '--runtime')
        __lambdactl_add_completions -W 'provided.al2023'$'\n''provided.al2'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    esac
}

_lambdactl_build-layer() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __lambdactl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    python|dir)
        # Offer subcommand argument completions
        "_lambdactl_build-layer_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'python dir' -- "${cur}"))
        ;;
    esac
}

_lambdactl_build-layer_python() {
    repeating_flags=()
    non_repeating_flags=(--json -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--python --arch --image -o --output --publish --aws --profile --region --endpoint-url)
    __lambdactl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--python')
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '--image')
        return
        ;;
    '-o'|'--output')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--publish')
        return
        ;;
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    esac
}

_lambdactl_build-layer_dir() {
    repeating_flags=()
    non_repeating_flags=(--json -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--arch -o --output --publish --aws --profile --region --endpoint-url)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '-o'|'--output')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--publish')
        return
        ;;
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __lambdactl_add_completions -d
        return
        ;;
    esac
}

_lambdactl_deploy() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --create-role --url --publish --dry-run --json --version -h --help)
    repeating_options=(--layer --env --tag)
    non_repeating_options=(--aws --profile --region --endpoint-url --function --zip --arch --runtime --role --memory --timeout --env-file --description --tracing --ephemeral-storage --log-retention-days --s3-bucket --auth --alias)
    __lambdactl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--function')
        return
        ;;
    '--zip')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '--runtime')
        __lambdactl_add_completions -W 'provided.al2023'$'\n''provided.al2'
        return
        ;;
    '--role')
        return
        ;;
    '--layer')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--memory')
        return
        ;;
    '--timeout')
        return
        ;;
    '--env')
        return
        ;;
    '--env-file')
        __lambdactl_add_completions -f
        return
        ;;
    '--tag')
        return
        ;;
    '--description')
        return
        ;;
    '--tracing')
        __lambdactl_add_completions -W 'Active'$'\n''PassThrough'
        return
        ;;
    '--ephemeral-storage')
        return
        ;;
    '--log-retention-days')
        return
        ;;
    '--s3-bucket')
        return
        ;;
    '--auth')
        return
        ;;
    '--alias')
        return
        ;;
    esac
}

_lambdactl_url-config() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --show --dry-run --json --version -h --help)
    repeating_options=(--cors-origin)
    non_repeating_options=(--aws --profile --region --endpoint-url --qualifier --alias --invoke-mode --auth)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--qualifier'|'--alias')
        return
        ;;
    '--invoke-mode')
        return
        ;;
    '--auth')
        return
        ;;
    '--cors-origin')
        return
        ;;
    esac
}

_lambdactl_delete() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose --role --logs -y --yes --dry-run --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--aws --profile --region --endpoint-url)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    esac
}

_lambdactl_tail() {
    repeating_flags=()
    non_repeating_flags=(-v --verbose -f --follow --stats --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--aws --profile --region --endpoint-url --since --filter --request-id --qualifier --alias --log-group --color)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--since')
        return
        ;;
    '--filter')
        return
        ;;
    '--request-id')
        return
        ;;
    '--qualifier'|'--alias')
        return
        ;;
    '--log-group')
        return
        ;;
    '--color')
        __lambdactl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_lambdactl_serve() {
    repeating_flags=()
    non_repeating_flags=(--watch --throttle --version -h --help)
    repeating_options=(--layer --env)
    non_repeating_options=(--dir --binary --port --host --invoke-mode --timeout --memory --concurrency --name --handler --isolation --arch)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--dir')
        __lambdactl_add_completions -d
        return
        ;;
    '--binary')
        __lambdactl_add_completions -f
        return
        ;;
    '--layer')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    '--port')
        return
        ;;
    '--host')
        return
        ;;
    '--invoke-mode')
        __lambdactl_add_completions -W 'BUFFERED'$'\n''RESPONSE_STREAM'
        return
        ;;
    '--timeout')
        return
        ;;
    '--memory')
        return
        ;;
    '--env')
        return
        ;;
    '--concurrency')
        return
        ;;
    '--name')
        return
        ;;
    '--handler')
        return
        ;;
    '--isolation')
        __lambdactl_add_completions -W 'auto'$'\n''namespace'$'\n''bwrap'$'\n''none'
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __lambdactl_add_completions -o plusdirs -fX '!*.@(zip)'
        return
        ;;
    esac
}

_lambdactl_invoke() {
    repeating_flags=()
    non_repeating_flags=(--local --url-event --logs -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--port --host --data --data-file --event --qualifier --alias --aws --profile --region --endpoint-url)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--port')
        return
        ;;
    '--host')
        return
        ;;
    '--data')
        return
        ;;
    '--data-file')
        __lambdactl_add_completions -f
        return
        ;;
    '--event')
        __lambdactl_add_completions -W 'function-url'$'\n''apigw-v2'$'\n''apigw-v1'$'\n''sqs'$'\n''sns'$'\n''s3'$'\n''eventbridge'$'\n''schedule'
        return
        ;;
    '--qualifier'|'--alias')
        return
        ;;
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    esac
}

_lambdactl_verify-url() {
    repeating_flags=()
    non_repeating_flags=(--iam -v --verbose --insecure --json --version -h --help)
    repeating_options=(--header --expect-header)
    non_repeating_options=(--function --qualifier --alias --path --aws --profile --region --endpoint-url --data --data-file --method --expect-status --min-chunks --min-spread-ms --expect-lines --max-first-byte-ms --timeout --ca-file --format)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--function')
        return
        ;;
    '--qualifier'|'--alias')
        return
        ;;
    '--path')
        return
        ;;
    '--aws')
        __lambdactl_add_completions -f
        return
        ;;
    '--profile')
        return
        ;;
    '--region')
        return
        ;;
    '--endpoint-url')
        return
        ;;
    '--data')
        return
        ;;
    '--data-file')
        __lambdactl_add_completions -f
        return
        ;;
    '--method')
        return
        ;;
    '--header')
        return
        ;;
    '--expect-status')
        return
        ;;
    '--expect-header')
        return
        ;;
    '--min-chunks')
        return
        ;;
    '--min-spread-ms')
        return
        ;;
    '--expect-lines')
        return
        ;;
    '--max-first-byte-ms')
        return
        ;;
    '--timeout')
        return
        ;;
    '--ca-file')
        __lambdactl_add_completions -o plusdirs -fX '!*.@(pem|crt)'
        return
        ;;
    '--format')
        __lambdactl_add_completions -W 'text'$'\n''github'
        return
        ;;
    esac
}

_lambdactl_init() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--template --arch --output-dir --runtime-path --runtime-url --runtime-version)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--template')
        __lambdactl_add_completions -W 'swift-stream'$'\n''swift-url'$'\n''python-stream'
        return
        ;;
    '--arch')
        __lambdactl_add_completions -W 'x86_64'$'\n''arm64'
        return
        ;;
    '--output-dir')
        __lambdactl_add_completions -d
        return
        ;;
    '--runtime-path')
        __lambdactl_add_completions -d
        return
        ;;
    '--runtime-url')
        return
        ;;
    '--runtime-version')
        return
        ;;
    esac
}

_lambdactl_config() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __lambdactl_offer_flags_options 0
}

_lambdactl_events() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __lambdactl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show)
        # Offer subcommand argument completions
        "_lambdactl_events_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show' -- "${cur}"))
        ;;
    esac
}

_lambdactl_events_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __lambdactl_offer_flags_options 0
}

_lambdactl_events_show() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--data --data-file)
    __lambdactl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--data')
        return
        ;;
    '--data-file')
        __lambdactl_add_completions -f
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __lambdactl_add_completions -W 'function-url'$'\n''apigw-v2'$'\n''apigw-v1'$'\n''sqs'$'\n''sns'$'\n''s3'$'\n''eventbridge'$'\n''schedule'
        return
        ;;
    esac
}

_lambdactl_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __lambdactl_offer_flags_options -1
    # lambdactl: the commands help takes.
    __lambdactl_add_completions -W 'package'$'\n''doctor'$'\n''build-layer'$'\n''deploy'$'\n''url-config'$'\n''delete'$'\n''tail'$'\n''serve'$'\n''invoke'$'\n''verify-url'$'\n''init'$'\n''config'$'\n''events'
}

complete -o filenames -F _lambdactl lambdactl
