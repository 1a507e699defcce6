from bolig import create_app

app = create_app()
