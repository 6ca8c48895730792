#!/usr/bin/env bash
# Installs every Debian 12 package aigcmark needs to build, test and benchmark, when missing.
# Safe to run repeatedly: it only calls apt-get when something is absent.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  clang libclang-rt-14-dev
  libopencv-dev opencv-doc
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev ffmpeg
  libexif-dev libexiv2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libhwy-dev
  libfreetype-dev libharfbuzz-dev libfontconfig-dev fonts-noto-cjk
  nlohmann-json3-dev libcli11-dev
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
  libarchive-dev libssl-dev zlib1g-dev
  libimage-exiftool-perl
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} package(s): ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all packages present" >&2
fi
