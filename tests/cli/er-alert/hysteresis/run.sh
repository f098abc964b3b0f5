# One series that crosses the threshold 500 back and forth within a day (E1), and one that
# recovers over days (E2). With the default hysteresis (lower after 3 clean evaluations or 7
# days, dead band 5) E1 raises one alert and clears once it has stayed at 505 or above for
# three readings; E2 clears at its second clean evaluation, 8 days after its last day at orange. With the
# hysteresis off, E1 gives a train of new/cleared alerts.
echo "# default hysteresis"
er-alert --quiet --all --policy policy.csv flapping.csv
echo "# off: lower_after_runs = 1, dead_band = 0"
{ cat policy.csv; echo "lower_after_runs = 1"; echo "dead_band = 0"; } > off.csv
er-alert --quiet --policy off.csv flapping.csv
