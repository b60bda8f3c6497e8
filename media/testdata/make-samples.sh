#!/usr/bin/env bash
# Makes the sample files the cleaning tests read, each carrying
# TIPLINE-MARKER-7f3a (and a GPS position) in its metadata. The samples are
# committed; run this only to make them anew. Needs Debian's ffmpeg,
# libheif-examples, libimage-exiftool-perl, qpdf and zip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
M=TIPLINE-MARKER-7f3a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# HEIC and AVIF: a 64x48 test picture, then Exif (artist, camera, GPS) and XMP.
ffmpeg -v error -f lavfi -i testsrc=size=64x48 -frames:v 1 "$tmp/src.png"
heif-enc -q 30 -o marker.heic "$tmp/src.png"
heif-enc -q 30 -o marker.avif "$tmp/src.png"
exiftool -q -overwrite_original -Artist=$M -Make=$M -Model=$M -GPSLatitude=27.7412 -GPSLatitudeRef=N \
	-GPSLongitude=112.5311 -GPSLongitudeRef=E -XMP-dc:Creator=$M marker.heic marker.avif

# TIFF: the same picture, then IFD0 text tags, EXIF, GPS, XMP and IPTC.
ffmpeg -v error -y -i "$tmp/src.png" -compression_algo deflate marker.tif
exiftool -q -overwrite_original -Artist=$M -Make=$M -Model=$M -ImageDescription=$M -Software=$M \
	-DateTimeOriginal="2026:01:02 03:04:05" -GPSLatitude=27.7412 -GPSLatitudeRef=N -GPSLongitude=112.5311 \
	-GPSLongitudeRef=E -XMP-dc:Creator=$M -IPTC:By-line=$M marker.tif

# MP4: one second of H.264 with title, artist, comment and the ©xyz GPS
# atom, and a text track whose one sample reads like a dashcam's GPS log.
printf '1\n00:00:00,000 --> 00:00:00,900\nN27.7412 E112.5311 %s\n' $M >"$tmp/gps.srt"
ffmpeg -v error -y -f lavfi -t 1 -i testsrc=size=32x24:rate=5 -i "$tmp/gps.srt" -c:v libx264 -preset ultrafast \
	-crf 40 -c:s mov_text -map 0 -map 1 -metadata title=$M -metadata artist=$M \
	-metadata location="+27.7412+112.5311/" -metadata comment=$M -fflags +bitexact marker.mp4

# MOV: an iPhone-like movie, its location, make and model in moov/meta
# (QuickTime keys), plus XMP.
ffmpeg -v error -y -f lavfi -t 1 -i testsrc=size=32x24:rate=5 -c:v libx264 -preset ultrafast -crf 40 \
	-metadata title=$M -metadata location="+27.7412+112.5311/" -movflags use_metadata_tags \
	-metadata "com.apple.quicktime.make=$M" marker.mov
exiftool -q -overwrite_original -XMP-dc:Creator=$M -Keys:GPSCoordinates="27.7412 N, 112.5311 E" -Keys:Model=$M marker.mov

# PDF: pdf-source.txt through qpdf (which writes a correct cross-reference
# table), then exiftool, which appends a revision with a new information
# dictionary and an XMP stream and leaves the first one behind it.
# It has no cross-reference table of its own: qpdf warns, rebuilds it and exits 3.
qpdf pdf-source.txt marker.pdf || [[ $? == 3 ]]
exiftool -q -overwrite_original_in_place -PDF:Author="$M exif author" -XMP-dc:Creator="$M xmp" \
	-PDF:Keywords="$M kw" marker.pdf
# The same document with its objects packed into object streams, where
# the information dictionary is compressed.
qpdf --object-streams=generate marker.pdf marker-objstm.pdf

# Ogg Opus, as Telegram's voice notes: two seconds of a tone with title,
# artist and a place in the comment header.
ffmpeg -v error -y -f lavfi -t 2 -i "sine=frequency=440:sample_rate=48000" -ac 1 -c:a libopus -b:a 12k \
	-metadata title="$M" -metadata artist="$M" -metadata location="+27.7412+112.5311/" marker.ogg

# DOCX: the parts under docx/ zipped as Word does, plus a zip comment; a
# comment and a tracked change name their authors.
rm -f marker.docx
(cd docx && zip -q -X -D ../marker.docx '[Content_Types].xml' _rels/.rels word/document.xml word/_rels/document.xml.rels \
	word/comments.xml docProps/core.xml docProps/app.xml)
zip -q -z marker.docx <<<"$M zip comment"
