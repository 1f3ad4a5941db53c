/// The OS-only Lambda runtimes a custom `bootstrap` runs on, and the glibc each one ships.
public enum TargetRuntime: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    case providedAL2023 = "provided.al2023"
    case providedAL2 = "provided.al2"

    /// The newest `GLIBC_x.y` symbol version the runtime's glibc provides: a binary needing a newer
    /// one fails with `version 'GLIBC_x.y' not found`.
    public var glibc: GlibcVersion {
        switch self {
        case .providedAL2023: return GlibcVersion(major: 2, minor: 34)
        case .providedAL2: return GlibcVersion(major: 2, minor: 26)
        }
    }

    /// Interpreters a script `bootstrap` may name in its shebang without a layer providing them.
    public var interpreters: Set<String> {
        ["/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/env"]
    }

    /// Programs the runtime's base image has in `/usr/bin` (and `/bin`, a link to it), so a shebang
    /// or `exec` naming one needs nothing shipped; any other `/bin` or `/usr/bin` path fails with
    /// exit 127 (`#!/bin/zsh`, `#!/usr/bin/perl`, `#!/usr/bin/python3`).
    ///
    /// Source: provided.al2023 "is based on the Amazon Linux 2023 minimal container image"
    /// (https://aws.amazon.com/blogs/compute/introducing-the-amazon-linux-2023-runtime-for-aws-lambda/).
    /// The package list of that image as Lambda ships it (`rpm -qa` in public.ecr.aws/lambda/python:3.12,
    /// https://github.com/amazonlinux/amazon-linux-2023/issues/585) has bash, coreutils-single,
    /// grep, gawk and curl-minimal among its command-providing packages, and no findutils
    /// (`find` is missing from the AL2023 Lambda images:
    /// https://github.com/aws/aws-lambda-base-images/issues/173), zsh, perl or any Python outside
    /// /var/lang. No complete file list of the image was found, so this list is conservative: only
    /// the programs of those packages. provided.al2 gets the same list: its Amazon Linux 2 image has
    /// these packages too, and more (yum) that no bootstrap should rely on. A program left out is
    /// refused with a fix that points at shipping it (a layer's /opt/bin).
    public var programs: Set<String> {
        let bash = ["bash", "sh"]
        let grep = ["grep", "egrep", "fgrep"]
        let gawk = ["awk", "gawk"]
        let curl = ["curl"]
        // coreutils 8.32 (coreutils-single on AL2023, coreutils on AL2), /usr/bin programs.
        let coreutils = [
            "[", "arch", "b2sum", "base32", "base64", "basename", "basenc", "cat", "chcon", "chgrp", "chmod",
            "chown", "cksum", "comm", "cp", "csplit", "cut", "date", "dd", "df", "dir", "dircolors", "dirname",
            "du", "echo", "env", "expand", "expr", "factor", "false", "fmt", "fold", "groups", "head", "hostid",
            "id", "install", "join", "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo", "mknod",
            "mktemp", "mv", "nice", "nl", "nohup", "nproc", "numfmt", "od", "paste", "pathchk", "pinky", "pr",
            "printenv", "printf", "ptx", "pwd", "readlink", "realpath", "rm", "rmdir", "runcon", "seq",
            "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shred", "shuf", "sleep", "sort",
            "split", "stat", "stdbuf", "stty", "sum", "sync", "tac", "tail", "tee", "test", "timeout", "touch",
            "tr", "true", "truncate", "tsort", "tty", "uname", "unexpand", "uniq", "unlink", "users", "vdir",
            "wc", "who", "whoami", "yes",
        ]
        return Set(bash + grep + gawk + curl + coreutils)
    }

    /// True when `path` is `/bin/NAME` or `/usr/bin/NAME` for a program in `programs`.
    public func hasProgram(atPath path: String) -> Bool {
        for folder in ["/bin/", "/usr/bin/"] {
            guard let name = PathText.remainder(of: path, after: folder) else { continue }
            return !PathText.hasSlash(name) && programs.contains(name)
        }
        return false
    }

    /// The runtime's `LD_LIBRARY_PATH`, searched after a library's `DT_RPATH` and before its
    /// `DT_RUNPATH`. Source: the images Lambda publishes for both runtimes set
    /// `ENV LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib`
    /// (https://github.com/aws/aws-lambda-base-images, Dockerfile.provided.al2023 and
    /// Dockerfile.provided.al2), the same list as the Lambda developer guide's "Defined runtime
    /// environment variables" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html:
    /// `/lib64:/usr/lib64:$LAMBDA_RUNTIME_DIR:$LAMBDA_RUNTIME_DIR/lib:$LAMBDA_TASK_ROOT:$LAMBDA_TASK_ROOT/lib:/opt/lib`).
    public var libraryPath: [String] {
        ["/var/lang/lib", "/lib64", "/usr/lib64", "/var/runtime", "/var/runtime/lib", "/var/task", "/var/task/lib", "/opt/lib"]
    }

    /// Folders that hold the base image's own libraries (`baseLibraries`); on Amazon Linux `/lib64`
    /// and `/lib` are links into `/usr`.
    public var systemLibraryFolders: Set<String> { ["/lib64", "/usr/lib64", "/lib", "/usr/lib"] }

    /// Shared libraries the runtime image provides, so a `DT_NEEDED` entry naming one needs nothing
    /// shipped. Everything else must be in the package or a layer.
    public var baseLibraries: Set<String> {
        [
            "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
            "libresolv.so.2", "libanl.so.1", "libstdc++.so.6", "libgcc_s.so.1",
            "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
        ]
    }

    public var description: String { rawValue }
}
