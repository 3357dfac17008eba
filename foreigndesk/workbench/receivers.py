"""What the workbench does when the newsroom announces a change (connected in ``apps.ready``)."""
