# portfolio.sh DIR: the small portfolio the er-dossier cases share (not a case itself): 40
# enterprises of er-synth (fixed seed), two years of daily readings, canonical tables.
er-synth --quiet --seed 11 --enterprises 40 --days 730 --end 2024-06-30 --out "$1"
