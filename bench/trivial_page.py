"""The reference page of bench/page_speed.py: one Plotly chart of 12 points and a title, nothing else.

It is served the way dashboard.py is: an st.App found by `streamlit run` (so the same ASGI server,
the same .streamlit/config.toml read from the project root, the same two options set at start), by
its own `streamlit run bench/trivial_page.py` process. It imports nothing of the project."""

import streamlit as st

if __name__ != "__main__":
    st.set_option("client.disableDataExport", True)
    st.set_option("client.toolbarMode", "minimal")
    app = st.App(__file__)
else:
    import plotly.graph_objects as go

    st.set_page_config(page_title="Trivial", layout="wide")
    st.title("Trivial")
    figure = go.Figure(go.Scatter(x=list(range(1, 13)), y=[3, 5, 4, 6, 8, 7, 9, 8, 10, 12, 11, 13],
                                  mode="lines+markers"))
    figure.update_layout(height=380, margin=dict(l=40, r=20, t=30, b=40))
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False, "displaylogo": False},
                    key="trivial_chart")
