#!/usr/bin/env bash
# Checks the built .deb the way a package manager and a user would see it: its control fields, and
# that it installs a launcher, a menu entry and an icon. Run by the build (verify); by hand:
#   installer/src/test/check-deb.sh installer/target/installer/parley-desktop_0.1.0_amd64.deb parley-desktop 0.1.0
set -euo pipefail

deb=${1:?usage: check-deb.sh DEB PACKAGE VERSION}
package=${2:?usage: check-deb.sh DEB PACKAGE VERSION}
version=${3:?usage: check-deb.sh DEB PACKAGE VERSION}

failures=0
fail() {
  echo "check-deb: $*" >&2
  failures=$((failures + 1))
}
field() { dpkg-deb -f "$deb" "$1"; }

[ -f "$deb" ] || { echo "check-deb: no package at $deb" >&2; exit 1; }

[ "$(field Package)" = "$package" ] || fail "Package is '$(field Package)', expected '$package'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected '$version'"
[ "$(field Architecture)" = amd64 ] || fail "Architecture is '$(field Architecture)', expected amd64"
depends=$(field Depends)
for needed in libgtk-3-0 libc6 libxxf86vm1; do
  grep -Eq "(^|[, ])$needed([ ,(]|$)" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
[[ "$(field Maintainer)" == *@* ]] || fail "Maintainer has no address: '$(field Maintainer)'"
[ -n "$(field Description)" ] || fail "Description is empty"
size_kib=$(field Installed-Size)
# The trimmed runtime and the app's libraries: ~90 MB. Far outside means a runtime that was not
# trimmed (a whole JDK is 300+ MB) or a missing part.
if [ "$size_kib" -lt 40000 ] || [ "$size_kib" -gt 200000 ]; then
  fail "Installed-Size ${size_kib} KiB is outside 40,000-200,000"
fi

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
has() { grep -Eq "$1" <<<"$contents" || fail "the package has no $2 (${1})"; }
has '^\./opt/[^/]+/bin/Parley$' "launcher"
has '^\./opt/[^/]+/lib/runtime/lib/server/libjvm\.so$' "Java runtime"
has '^\./opt/[^/]+/lib/app/parley-desktop\.jar$' "desktop jar"
has '^\./opt/[^/]+/lib/[^/]*\.desktop$' "menu entry (.desktop file)"
has '^\./opt/[^/]+/lib/Parley\.png$' "icon"
# jpackage puts its default icon (Duke, 32x32) there when it does not find ours.
icon_bytes=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './opt/*/lib/Parley.png' | wc -c)
[ "$icon_bytes" -gt 6000 ] || fail "the icon is ${icon_bytes} bytes: jpackage's default, not Parley's"

# Ours, not jpackage's: they register the menu entry even where xdg-desktop-menu refuses.
dpkg-deb -I "$deb" postinst | grep -q '/usr/share/applications' || fail "postinst is jpackage's default, not src/main/jpackage/resources/postinst"
dpkg-deb -I "$deb" prerm | grep -q '/usr/share/applications' || fail "prerm is jpackage's default, not src/main/jpackage/resources/prerm"

if [ "$failures" -gt 0 ]; then
  echo "check-deb: $failures problem(s) in $deb" >&2
  exit 1
fi
echo "check-deb OK: $(basename "$deb"): $package $version, Installed-Size ${size_kib} KiB, depends on: $depends"
