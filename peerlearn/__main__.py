from peerlearn.cli import main

main()
