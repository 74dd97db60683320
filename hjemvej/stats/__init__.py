"""Statistics and outcomes under /statistik/: the list over time, outcome measures, the reports
Danmarks Statistik and VIVE ask for, and the one definition of each number the other rooms show.

The room sits below the case file, follow-up and economy (they show its numbers) and above the
records it counts (support, housing, shelters, citizens).
"""
