# Sourced by the gqa launcher (and its test): is the CLI jar older than the sources?
# gqa_stale ROOT succeeds (rebuild needed) when the jar or its lib directory is missing, or any
# regular file under a module's src/main (sources, resources, this script), any pom.xml or a
# shipped suite under suites/ (packed into the CLI jar) is
# newer than the jar. Files, not directories: a directory's time changes only when entries are
# added or removed, never when a file in it is edited. target/ and .git/ are not searched.
gqa_stale() {
  local root="$1"
  local jar="$root/gqa-cli/target/gqa-cli.jar"
  [ -f "$jar" ] && [ -d "$root/gqa-cli/target/lib" ] || return 0
  [ -n "$(find "$root" \( -name target -o -name .git -o -name node_modules \) -prune -o \
      -type f \( -path '*/src/main/*' -o -name pom.xml -o -path "$root/suites/*" \) -newer "$jar" -print -quit 2>/dev/null)" ]
}
