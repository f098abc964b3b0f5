# killed-run.sh: sourced by the kill -9 restart cases. killed_run N RUN PIPE COND, in the
# directory of feed.csv and pipe.sh: runs PIPE (a command of pipe.sh) in a process group of
# its own (setsid), reading a FIFO and writing partRUN.out; feeds it the header and the first
# N rows of feed.csv; waits until the shell test COND holds (5 s at most: a pipe that never
# gets there must not hang the suite), then kills the whole group with SIGKILL, as a crash
# would. Returns 1 when COND never held.
killed_run() {
	rm -f fifo && mkfifo fifo || return 1
	setsid sh -c ". ./pipe.sh; $3 < fifo > part$2.out" &
	_pg=$!
	exec 3> fifo
	head -n $(($1 + 1)) feed.csv >&3
	_i=0
	until eval "$4" || [ $_i -ge 500 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
	kill -9 "-$_pg"
	exec 3>&-
	wait
	[ $_i -lt 500 ]
}
