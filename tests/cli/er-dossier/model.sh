# model.sh DIR: after portfolio.sh, the model's side of the er-dossier cases (not a case
# itself): features as of 2024-06-30 (with the loans, as the model was trained: without them
# its info.* indicators are empty), a scorecard trained on the applications, two days of
# alerts (their history file is DIR/hist).
cd "$1" || exit 1
er-features --quiet --by enterprise --accounts accounts.csv --bills bills.csv --inspections inspections.csv \
	--events events.csv --loans loans.csv --asof 2024-06-30 readings.csv > feat.csv &&
	er-features --quiet --by enterprise --accounts accounts.csv --bills bills.csv \
		--inspections inspections.csv --events events.csv --loans loans.csv --asof-from loans readings.csv > tf.csv &&
	er-train --quiet --method scorecard --labels labels.csv -o model.txt tf.csv &&
	er-score -m model.txt --quiet feat.csv > scores.csv &&
	er-alert --quiet --date 2024-05-31 --state st --history hist scores.csv > /dev/null &&
	er-alert --quiet --date 2024-06-30 --state st --history hist scores.csv > /dev/null
